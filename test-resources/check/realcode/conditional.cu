// RUN-TARGETS: sm_90a
// RUN-INSTANTIATE: write_lse<__half>
// RUN-NVRTC-FAILS: write_lse<__half>
// The type of a conditional expression: the common pointer type of its branches (a null pointer
// takes the other branch's type).
#include <cuda_fp16.h>

template <typename DTypeO>
__global__ void write_lse(DTypeO* partial_o, float* partial_lse, bool split, const float* lse_in) {
  float* lse = split ? partial_lse : nullptr;
  const float* in = split ? lse_in : partial_lse;
  float* o = split ? partial_o : nullptr;  // expected-error {{initializing 'float *' with an expression of type 'DTypeO *' (aka '__half *') [JG002]}}
  float* either = split ? partial_o : partial_lse;  // branches of different types: beyond what is modelled, no finding
  (void)lse; (void)in; (void)o; (void)either;
}
