// RUN-TARGETS: sm_90a
// RUN-INSTANTIATE: load<__half>
// RUN-NVRTC-FAILS: load<__half>
// Constructors: their calls are checked against the declared constructors (arity and
// argument types), and their member initialisers against the members' types.
#include <cuda_fp16.h>

struct Loader {
  float* partial_;
  int n_;
  __device__ Loader(float* partial, int n) : partial_(partial), n_(n) {}  // expected-note {{passing argument 1 to parameter 'partial' of 'Loader' here}}
  // expected-note@-1 {{'Loader' declared here with 2 parameters}}
};

template <typename DTypeO>
struct Writer {
  float* out_;
  __device__ explicit Writer(DTypeO* o) : out_(o) {}  // expected-error {{initializing 'float *' with an expression of type 'DTypeO *' (aka '__half *') [JG002]}}
};

template <typename DTypeO>
__global__ void load(DTypeO* o, float* partial) {
  Loader a(partial, 4);
  Loader b(o, 4);  // expected-error {{passing 'DTypeO *' (aka '__half *') to parameter of type 'float *' [JG002]}}
  Loader c(partial, 4, 1);  // expected-error {{no constructor of 'Loader' takes 3 arguments [JG001]}}
  Loader d = Loader(partial, 8);
  Writer<DTypeO> w(o);
}
