// RUN-TARGETS: sm_90a
// RUN-NVRTC-FAILS: -
// Calls of objects are checked against their operator(), and calls of lambdas against the lambda's
// parameters.
#include <cuda_fp16.h>

struct Scale {
  float factor;
  __device__ void operator()(float* out, int n) const { out[n] *= factor; }  // expected-note {{passing argument 1 to parameter 'out' of 'operator()' here}}
};

__device__ void apply(float* f, __half* h) {
  Scale scale{2.0f};
  scale(f, 3);
  scale(h, 3);  // expected-error {{passing '__half *' to parameter of type 'float *' [JG002]}}
  scale(f);  // expected-error {{no declaration of 'operator()' takes 1 argument [JG001]}}
  auto zero = [](float* p) { p[0] = 0.0f; };  // expected-note {{the lambda declared here with 1 parameter}}
  zero(f);
  zero(f, 1);  // expected-error {{the lambda does not take 2 arguments [JG001]}}
}
