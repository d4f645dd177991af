// RUN-TARGETS: sm_90a
// RUN-NVRTC-FAILS: -
// Types of the CUDA runtime (<cuda_runtime.h>) are known as types without the header: declarations
// of them are read, and the calls in functions that use them are checked.
#include <cuda_runtime.h>

__device__ cudaError_t plan(int* work, unsigned n, cudaStream_t stream) {  // expected-note {{'plan' declared here with 3 parameters}}
  return cudaSuccess;
}

__device__ cudaError_t run(int* work, cudaStream_t stream) {
  cudaError_t status = plan(work, 4u, stream);
  cudaError_t stale = plan(work, stream);  // expected-error {{no declaration of 'plan' takes 2 arguments [JG001]}}
  return status == cudaSuccess ? stale : status;
}
