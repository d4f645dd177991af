// RUN-TARGETS: sm_80
// RUN-INSTANTIATE: copy_tile<float>
// Hopper instructions reachable when compiling for sm_80; the guarded ones are fine.
template <typename T>
__global__ void copy_tile(T* dst, const T* src, unsigned long long* bar) {
  unsigned smem = 0;
  // expected-error@+1 {{'cp.async.bulk' requires sm_90 (bulk asynchronous copies, TMA), but this code is compiled for sm_80 without a __CUDA_ARCH__ guard [JG003]}}
  asm volatile("cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1], 16, [%2];" ::"r"(smem), "l"(src), "l"(bar));
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
  asm volatile("setmaxnreg.inc.sync.aligned.u32 240;");
#endif
  dst[threadIdx.x] = src[threadIdx.x];
}

__global__ void not_instantiated_is_fine() {}

template <typename T>
__global__ void never_used(T* p) {
  asm volatile("wgmma.fence.sync.aligned;");  // a template never instantiated emits no code
}
