// RUN-TARGETS: sm_80
// RUN-NVRTC-FAILS: -
// Calls no declaration accepts, with a note at every candidate.
__device__ float pick(float a, float b) { return a < b ? a : b; }   // expected-note {{'pick' declared here with 2 parameters}}
__device__ float pick(float a, float b, float c) { return a + b + c; }   // expected-note {{'pick' declared here with 3 parameters}}

__device__ int scale(int x, int factor, int bias = 0) { return x * factor + bias; }   // expected-note {{'scale' declared here with 2 to 3 parameters}}

struct Accumulator {
  float total;
  __device__ void add(float x) { total += x; }   // expected-note {{'add' declared here with 1 parameter}}
};

__global__ void kernel(float* out) {
  Accumulator acc{0.f};
  out[0] = pick(1.f);  // expected-error {{no declaration of 'pick' takes 1 argument [JG001]}}
  out[1] = scale(1);   // expected-error {{no declaration of 'scale' takes 1 argument [JG001]}}
  acc.add(1.f, 2.f);   // expected-error {{no declaration of 'add' takes 2 arguments [JG001]}}
  out[2] = acc.total;
}
