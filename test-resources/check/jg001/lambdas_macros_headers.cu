// RUN-TARGETS: sm_80
// RUN-NVRTC-FAILS: -
// expected-error@include/helpers.cuh:5 {{no declaration of 'plan' takes 2 arguments [JG001]}}
// Arity errors inside a lambda, inside a macro argument, and in an included header.
#include "include/helpers.cuh"  // expected-note {{in file included from here}}

#define FOR_EACH_MODE(...) { __VA_ARGS__(0); __VA_ARGS__(1); }

__global__ void kernel(int* out) {
  auto per_mode = [&](int mode) {
    out[mode] = plan(mode, 128);  // expected-error {{no declaration of 'plan' takes 2 arguments [JG001]}}
  };
  per_mode(0);
  FOR_EACH_MODE([&](int m) {
    out[m] += plan(m);  // expected-error {{no declaration of 'plan' takes 1 argument [JG001]}}
  });
}
