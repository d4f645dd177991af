// RUN-TARGETS: sm_90a
// RUN-INSTANTIATE: kernel<__nv_bfloat16, int>
// RUN-NVRTC-COMPILES: kernel<__nv_bfloat16, int>
// expected-no-diagnostics
// auto, pointer arithmetic, array decay, aliases that name the same type, struct-template fields
// whose types match after substitution.
#include <cuda_bf16.h>

using bf16 = __nv_bfloat16;
typedef float accum_t;

template <typename DTypeO, typename IdType>
struct Params {
  DTypeO* o;
  accum_t* partial;
  const IdType* indptr;
};

template <typename DTypeO, typename IdType>
__global__ void kernel(Params<DTypeO, IdType> p, DTypeO* extra, float* scratch) {
  __shared__ float tile[64];
  auto* o = p.o + threadIdx.x;           // pointer arithmetic keeps the type
  auto partial = p.partial;              // auto from a field
  float* row = tile;                     // array decays to pointer
  float* shifted = row + 4;
  accum_t* alias = scratch;              // the same type through a typedef
  DTypeO* same = extra;                  // the same template parameter
  bf16* spelled = extra;                 // bf16 is __nv_bfloat16 here
  const IdType* ids = p.indptr + 1;
  DTypeO* chosen = threadIdx.x > 0 ? o : nullptr;
  float* next = &tile[threadIdx.x % 64];
  long long distance = shifted - row;
  alias[0] = partial[0] + row[0] + shifted[0] + next[0] + static_cast<float>(distance) + ids[0];
  if (chosen) *same = *spelled;
}
