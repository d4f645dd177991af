// RUN-TARGETS: sm_90a
// RUN-NVRTC-OPTIONS: -std=c++20
// RUN-INSTANTIATE: fill<Tile<__half>>
// RUN-NVRTC-FAILS: fill<Tile<__half>>
// C++20 as ThunderKittens writes it: concepts constrain type parameters, concept-ids are
// conditions, requires-clauses narrow overloads. A constrained parameter is a type parameter.
#include <cuda_fp16.h>

template <typename T> struct Tile { using dtype = T; T* data; int rows; };

namespace ducks {
template <typename T> concept tile = requires { typename T::dtype; } && sizeof(T) > 0;
}

template <ducks::tile TL>
__device__ void store(TL& t, typename TL::dtype* out) requires (sizeof(typename TL::dtype) == 2) {}  // expected-note {{passing argument 2 to parameter 'out' of 'store' here}}

struct Args { int batch; };

template <ducks::tile TL>
__global__ void fill(TL t, float* partial, __half* h, Args a, int n) {
  if constexpr (ducks::tile<TL>) {  // a concept-id: the checker reads it, it does not evaluate it
    store(t, h);
  }
  store(t, partial);  // expected-error {{passing 'float *' to parameter of type 'TL::dtype *' (aka '__half *') [JG002]}}
  int iters = a.batch < n ? n : -1;
  auto each = [=] __device__ (int i) { return i + iters; };
  (void)each(1);
}
