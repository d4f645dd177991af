// RUN-TARGETS: sm_80
// RUN-NVRTC-FAILS: -
// A name declared in an if's init-statement or condition is in scope in every else-if and else of
// the chain and nowhere after it; a name declared in one branch stays in that branch. Here the
// local 'step' (a lambda taking one argument) hides the function 'step' only inside the chain.
__device__ int step(int a, int b) { return a + b; }   // expected-note {{'step' declared here with 2 parameters}}
__device__ int other(int a, int b) { return a * b; }   // expected-note {{'other' declared here with 2 parameters}}

__global__ void kernel(int* out, int n) {
  if (auto step = [](int v) { return v + 1; }; n == 0) {
    out[0] = step(1);
  } else if (n == 1) {
    out[0] = step(2);
  } else if (int k = n * 2) {
    auto other = [](int v) { return v; };
    out[0] = step(k) + other(k);
  } else if (n == 3) {
    out[0] = other(3);    // expected-error {{no declaration of 'other' takes 1 argument [JG001]}}
  } else {
    out[0] = step(k);
  }
  out[1] = step(4);       // expected-error {{no declaration of 'step' takes 1 argument [JG001]}}
  out[2] = step(4, 5);
}
