// RUN-TARGETS: sm_75
// RUN-NVRTC-FAILS: -
// Intrinsics of newer architectures called in code compiled for sm_75; the guarded one is fine.
#include <cooperative_groups.h>
namespace cg = cooperative_groups;

__global__ void reduce_rows(int* out, int v) {
  // expected-error@+1 {{'__reduce_add_sync' requires sm_80 (warp reductions), but this code is compiled for sm_75 without a __CUDA_ARCH__ guard [JG003]}}
  int sum = __reduce_add_sync(0xffffffffu, v);
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 800
  sum += __reduce_max_sync(0xffffffffu, v);
#endif
  // expected-error@+1 {{'this_cluster' requires sm_90 (thread-block clusters), but this code is compiled for sm_75 without a __CUDA_ARCH__ guard [JG003]}}
  cg::this_cluster().sync();
  out[threadIdx.x] = sum;
}

// a function of the unit's own that is named like no intrinsic
__device__ int this_cluster_rank() { return 0; }

__global__ void own_function(int* out) { out[0] = this_cluster_rank(); }
