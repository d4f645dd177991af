// RUN-TARGETS: sm_90a
// RUN-INSTANTIATE: consumer<Layout>
// RUN-NVRTC-OPTIONS: -DJITGUARD_STAND_INS
// RUN-NVRTC-FAILS: consumer<Layout>
// Three '<' that real code means one way and a table of names could read the other: a dependent
// member compared with '<' whose name is also a member function template elsewhere
// (ThunderKittens' layout::qo_tile::rows < n, beside gl's template rows()); template arguments
// that begin with 'const' after a name that is a plain function elsewhere (ThunderKittens'
// pybind11::init<const T&, int>(), with pybind11's header missing); and a comparison right after
// a template-id inside template arguments (flashinfer's cute::conditional_t<F && sizeof_bits_v<T>
// < 8, uint8_t, T>, CUTLASS missing). The third yields no finding: ParserSmokeTest covers it.
#ifdef JITGUARD_STAND_INS
namespace cute {
template <bool B, class T, class F>
struct conditional {
  using type = T;
};
template <class T, class F>
struct conditional<false, T, F> {
  using type = F;
};
template <bool B, class T, class F>
using conditional_t = typename conditional<B, T, F>::type;
template <class T>
constexpr int sizeof_bits_v = sizeof(T) * 8;
}  // namespace cute
namespace pybind11 {
template <class... A>
__device__ int init() {
  return sizeof...(A);
}
}  // namespace pybind11
#else
#include <pybind11/pybind11.h>  // expected-note {{cannot find include <pybind11/pybind11.h>; checking goes on without it}}
#include <cute/config.hpp>  // expected-note {{cannot find include <cute/config.hpp>; checking goes on without it}}
#endif

struct Tile {
  static constexpr int rows = 16;
};
struct Layout {
  using qo_tile = Tile;
};
struct Global {
  template <int R = 4>
  __device__ static constexpr int rows() {
    return R;
  }
};
__device__ int init(int* p) { return *p; }
__device__ bool pick(bool a, bool b) { return a && b; }  // expected-note {{'pick' declared here with 2 parameters}}
__device__ int pick3(int a, int b, int c) { return a + b + c; }  // expected-note {{'pick3' declared here with 3 parameters}}

template <typename layout>
__global__ void consumer(int* out, int n) {
  if (layout::qo_tile::rows < n) out[0] = pick(true);  // expected-error {{no declaration of 'pick' takes 1 argument [JG001]}}
  out[1] = pybind11::init<const Tile&, int>() + pick3(1, 2);  // expected-error {{no declaration of 'pick3' takes 2 arguments [JG001]}}
  out[2] = Global::rows<8>() + init(out) + (layout::qo_tile::rows > n);
  using Narrow = cute::conditional_t < true&& cute::sizeof_bits_v<short><8, unsigned char, int>;
  out[3] = sizeof(Narrow);
}
