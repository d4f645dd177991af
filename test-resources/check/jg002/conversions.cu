// RUN-TARGETS: sm_90a
// RUN-INSTANTIATE: run<__half>
// RUN-NVRTC-FAILS: run<__half>
// Implicit conversions between different element types in each position.
#include <cuda_fp16.h>

using accum_t = float;

struct Out { accum_t* partial; };

__device__ accum_t* partial_of(Out* out) { return out->partial; }

__device__ void merge(const float* partial, float* lse) { lse[0] = partial[0]; }   // expected-note {{passing argument 1 to parameter 'partial' of 'merge' here}}

template <typename DTypeO>
__device__ float* as_float(DTypeO* p) {
  return p;   // expected-error {{returning 'DTypeO *' (aka '__half *') from a function with result type 'float *' [JG002]}}
}

template <typename DTypeO>
__global__ void run(Out out, DTypeO* o, int* counts, float* lse) {
  DTypeO* mine = partial_of(&out);   // expected-error {{initializing 'DTypeO *' (aka '__half *') with an expression of type 'accum_t *' (aka 'float *') [JG002]}}
  out.partial = counts;              // expected-error {{assigning to 'accum_t *' (aka 'float *') from 'int *' [JG002]}}
  merge(o, lse);                     // expected-error {{passing 'DTypeO *' (aka '__half *') to parameter of type 'const float *' [JG002]}}
  lse[1] = as_float(mine)[0];
}
