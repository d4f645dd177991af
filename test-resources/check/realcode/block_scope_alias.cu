// RUN-TARGETS: sm_90a
// RUN-NVRTC-FAILS: -
// A block-scope alias hides any other declaration of its name, including a file-scope alias of
// the same name declared later (as a generated config header does after the kernels it configures).
#include <cuda_fp16.h>

template <typename Params>
__device__ void epilogue(Params params) {
  using DTypeO = typename Params::DTypeO;
  DTypeO* o = params.final_o;
  (void)o;
}

__device__ void local(__half* h, float* f) {
  using DTypeO = __half;
  DTypeO* a = h;
  {
    using DTypeO = float;
    DTypeO* b = f;
    DTypeO* c = h;  // expected-error {{initializing 'DTypeO *' (aka 'float *') with an expression of type '__half *' [JG002]}}
    (void)b; (void)c;
  }
  (void)a;
}

using DTypeO = float;  // a later file-scope alias: not what the functions above mean
