// RUN-TARGETS: sm_90a
// RUN-INSTANTIATE: attention<SoftCap, __half>
// RUN-INSTANTIATE: attention<Identity, __half>
// RUN-NVRTC-FAILS: attention<SoftCap, __half>
// RUN-NVRTC-FAILS: attention<Identity, __half>
// Static member functions called through a template parameter (Variant::transform(...)): the
// call is checked against the member of the class the parameter is bound to.
#include <cuda_fp16.h>

struct SoftCap {
  __device__ static float transform(float logit, float cap) { return logit; }  // expected-note {{'transform' declared here with 2 parameters}}
  __device__ static void write(float* out, float v) { out[0] = v; }  // expected-note {{passing argument 1 to parameter 'out' of 'write' here}}
};

struct Identity {
  __device__ static float transform(float logit) { return logit; }  // expected-note {{'transform' declared here with 1 parameter}}
  __device__ static void write(__half* out, float v) {}
};

template <typename Variant, typename DTypeO>
__global__ void attention(DTypeO* o, float logit) {
  float s = Variant::transform(logit);  // expected-error {{no declaration of 'transform' takes 1 argument [JG001]}}
  float t = Variant::transform(logit, 30.0f);  // expected-error {{no declaration of 'transform' takes 2 arguments [JG001]}}
  Variant::write(o, s + t);  // expected-error {{passing 'DTypeO *' (aka '__half *') to parameter of type 'float *' [JG002]}}
}
