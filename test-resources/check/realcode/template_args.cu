// RUN-TARGETS: sm_90a
// RUN-INSTANTIATE: reduce<__half>
// RUN-NVRTC-FAILS: reduce<__half>
// Explicit template arguments and defaults: a call's template parameters come from what is
// written, then from the arguments, then from the defaults.
#include <cuda_fp16.h>

template <typename T, typename Accum = float>
__device__ Accum* scratch(T* base, int offset) {
  return reinterpret_cast<Accum*>(base + offset);
}

template <typename T, int Stride = 2>
__device__ T* strided(T* base) {
  return base + Stride;
}

template <typename DTypeO>
__global__ void reduce(DTypeO* o) {
  float* acc = scratch(o, 8);
  DTypeO* same = scratch<DTypeO, DTypeO>(o, 8);
  DTypeO* wrong = scratch(o, 8);  // expected-error {{initializing 'DTypeO *' (aka '__half *') with an expression of type 'float *' [JG002]}}
  float* stale = scratch<DTypeO, DTypeO>(o, 8);  // expected-error {{initializing 'float *' with an expression of type 'DTypeO *' (aka '__half *') [JG002]}}
  DTypeO* next = strided(o);
  (void)acc; (void)same; (void)wrong; (void)stale; (void)next;
}
