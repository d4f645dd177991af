// RUN-TARGETS: sm_80
// RUN-NVRTC-FAILS: -
// A launch passes one argument fewer than the kernel takes (host code, -default-device for NVRTC).
__global__ void decode(const float* q, const float* kv, float* o, int n) {   // expected-note {{'decode' declared here with 4 parameters}}
  if (threadIdx.x < n) o[threadIdx.x] = q[threadIdx.x] * kv[threadIdx.x];
}

void launch(const float* q, const float* kv, float* o) {
  decode<<<1, 128>>>(q, kv, o);  // expected-error {{no declaration of kernel 'decode' takes 3 arguments [JG001]}}
}
