// RUN-TARGETS: sm_90a
// RUN-INSTANTIATE: copy<__nv_bfloat16>
// RUN-NVRTC-FAILS: copy<__nv_bfloat16>
// const and __restrict__ pointees: adding const is allowed, restrict changes no type; a different
// element type behind them is still a different type.
#include <cuda_bf16.h>

__device__ void sum(const float* __restrict__ in, float* __restrict__ out, int n) {}  // expected-note {{passing argument 1 to parameter 'in' of 'sum' here}}

template <typename T>
__global__ void copy(const T* __restrict__ in, T* __restrict__ out, float* __restrict__ acc) {
  const T* const p = in;
  const T* q = out;
  T const* r = out;
  const float* c = acc;
  sum(acc, acc, 4);
  sum(c, acc, 4);
  sum(in, acc, 4);  // expected-error {{passing 'const T *' (aka 'const __nv_bfloat16 *') to parameter of type 'const float *' [JG002]}}
  (void)p; (void)q; (void)r;
}
