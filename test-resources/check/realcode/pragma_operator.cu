// RUN-TARGETS: sm_90a
// RUN-NVRTC-FAILS: -
// The _Pragma operator, as CUTLASS spells its unroll hints under NVRTC (CUTLASS_PRAGMA_UNROLL is
// _Pragma("unroll") where __CUDACC_RTC__ is defined): it is a #pragma, not a call, so the loop
// after it is a loop, checked like any other.
#define UNROLL _Pragma("unroll")
#define UNROLL_BY(n) _Pragma(#n)

__device__ float add(float a, float b) { return a + b; }  // expected-note {{'add' declared here with 2 parameters}}

__global__ void kernel(float* out) {
  float acc = 0.f;
  UNROLL
  for (int i = 0; i < 4; ++i) {
    acc = add(acc, out[i], 1.f);  // expected-error {{no declaration of 'add' takes 3 arguments [JG001]}}
  }
  _Pragma("unroll 2") for (int i = 0; i < 4; ++i) acc = add(acc, out[i]);
  UNROLL_BY(unroll 1)
  while (acc > 1.f) acc = add(acc);  // expected-error {{no declaration of 'add' takes 1 argument [JG001]}}
  out[0] = acc;
}
