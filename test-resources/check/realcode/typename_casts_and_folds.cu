// RUN-TARGETS: sm_90a
// RUN-INSTANTIATE: kernel<Traits>
// RUN-NVRTC-FAILS: kernel<Traits>
// Three idioms of real libraries, each once mistaken for something else: CUB's functional cast of
// a dependent type at the start of a statement (typename K::LoaderT(smem).Load(...)), a non-type
// template parameter whose type is a typename-specifier with a leading '::' (mamba's
// uninitialized_copy), and a fold over '>' (CuTe's greater).
namespace lib {
template <bool B, class T = void>
struct enable_if {};
template <class T>
struct enable_if<true, T> {
  using type = T;
};
}  // namespace lib

struct Loader {
  __device__ explicit Loader(int* s) : s_(s) {}
  __device__ void Load(int* dst, int n) {  // expected-note {{'Load' declared here with 2 parameters}}
    for (int i = 0; i < n; ++i) dst[i] = s_[i];
  }
  int* s_;
};
struct Traits {
  using LoaderT = Loader;
};

template <typename T, typename ::lib::enable_if<sizeof(T) == 4, int>::type = 0>
__device__ int four(T x, T y) {  // expected-note {{'four' declared here with 2 parameters}}
  return x + y;
}

__device__ bool pick(bool a, bool b) { return a && b; }  // expected-note {{'pick' declared here with 2 parameters}}

template <class... T>
__device__ bool greater(T... t) {
  return (t > ...) && pick(true);  // expected-error {{no declaration of 'pick' takes 1 argument [JG001]}}
}

template <typename K>
__global__ void kernel(int* out, int* smem) {
  typename K::LoaderT(smem).Load(out, 4);
  typename K::LoaderT(smem).Load(out);  // expected-error {{no declaration of 'Load' takes 1 argument [JG001]}}
  out[0] = four(1, 2) + four(3);  // expected-error {{no declaration of 'four' takes 1 argument [JG001]}}
}
