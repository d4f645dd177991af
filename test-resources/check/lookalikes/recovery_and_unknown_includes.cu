// RUN-TARGETS: sm_80
// RUN-NVRTC-FAILS: -
// A header the checker cannot find is a note, once; a construct it does not understand is
// skipped; everything else is still checked.
#include <torch/extension.h>  // expected-note {{cannot find include <torch/extension.h>; checking goes on without it}}
#include <torch/extension.h>

__device__ int takes_two(int a, int b) { return a + b; }

__device__ int weird() {
  int x = 0;
  x = x @ 3;  // not C++: skipped, checking goes on
  return x;
}

__global__ void kernel(int* out) {
  out[0] = takes_two(1);  // expected-error {{no declaration of 'takes_two' takes 1 argument [JG001]}}
}
