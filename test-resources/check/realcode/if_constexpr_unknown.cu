// RUN-TARGETS: sm_90a
// RUN-INSTANTIATE: store<__half>
// RUN-NVRTC-OPTIONS: -DJITGUARD_STAND_INS
// RUN-NVRTC-COMPILES: store<__half>
// An 'if constexpr' whose condition the checker cannot evaluate (a trait from a header it does
// not have): the branch may be discarded, so what is wrong in it is not reported, only counted.
// expected-no-diagnostics
#include <cuda_fp16.h>
#ifdef JITGUARD_STAND_INS
template <typename T> constexpr bool is_wide_v = sizeof(T) > 2;
#else
#include "traits_from_elsewhere.h"
#endif

template <typename T>
__global__ void store(T* out, float* partial) {
  if constexpr (is_wide_v<T>) {
    T* p = partial;  // wrong for __half, where NVRTC discards the branch
    (void)p;
  }
}
