// RUN-TARGETS: sm_90a
// RUN-BIND: Out=__nv_bfloat16
// RUN-NVRTC-FAILS: -
// Templates are checked for the instantiations the source requests (an explicit instantiation
// definition) and for a parameter bound with --bind.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

template <typename DTypeO>
__global__ void explicit_kernel(DTypeO* o, float* partial) {
  partial = o;  // expected-error {{assigning to 'float *' from 'DTypeO *' (aka '__half *') [JG002]}}
  partial[0] = 0.f;
}
template __global__ void explicit_kernel<__half>(__half*, float*);

template <typename Out>
__device__ void bound_by_name(Out* o, float* partial) {
  float* p = o;  // expected-error {{initializing 'float *' with an expression of type 'Out *' (aka '__nv_bfloat16 *') [JG002]}}
  p[0] = partial[0];
}

template <typename T>
__device__ void never_bound(T* o, float* partial) {
  float* p = o;  // dependent and never instantiated: no finding (precision first)
  p[0] = partial[0];
}
