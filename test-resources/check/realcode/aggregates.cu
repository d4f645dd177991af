// RUN-TARGETS: sm_90a
// RUN-INSTANTIATE: plan<__nv_bfloat16>
// RUN-NVRTC-FAILS: plan<__nv_bfloat16>
// Brace and aggregate initialisation of structs: each item initialises the next member (or the
// one it names), and is checked against that member's type.
#include <cuda_bf16.h>

template <typename DTypeO>
struct MergeParams {
  DTypeO* final_o;
  float* partial_o;
  int* indptr;
};

template <typename DTypeO>
__global__ void plan(DTypeO* o, float* partial, int* indptr) {
  MergeParams<DTypeO> good{o, partial, indptr};
  MergeParams<DTypeO> stale{o, o, indptr};  // expected-error {{initializing 'float *' with an expression of type 'DTypeO *' (aka '__nv_bfloat16 *') [JG002]}}
  MergeParams<DTypeO> named{.final_o = o, .partial_o = partial, .indptr = partial};  // expected-error {{initializing 'int *' with an expression of type 'float *' [JG002]}}
  MergeParams<DTypeO> copied = {o, partial};
}
