// RUN-TARGETS: sm_90a
// RUN-INSTANTIATE: store<__half>
// RUN-INSTANTIATE: store<float>
// RUN-NVRTC-FAILS: store<__half>
// RUN-NVRTC-COMPILES: store<float>
// 'if constexpr' instantiates only the branch its condition selects: a conversion that is wrong
// only in the discarded branch is no finding. Where the checker cannot evaluate the condition,
// it reports nothing from either branch (each such place is counted, --verbose names it).
#include <cuda_fp16.h>

template <typename T> struct is_half { static constexpr bool value = false; };
template <> struct is_half<__half> { static constexpr bool value = true; };

template <typename T>
__device__ bool runtime_choice(T*);

template <typename T>
__global__ void store(T* out, float* partial, __half* h) {
  if constexpr (is_half<T>::value) {
    T* p = h;
    (void)p;
  } else {
    T* p = partial;  // wrong for __half only, where this branch is discarded
    (void)p;
  }
  if constexpr (sizeof(T) == 2) {
    float* q = out;  // expected-error {{initializing 'float *' with an expression of type 'T *' (aka '__half *') [JG002]}}
    (void)q;
  }
}
