// RUN-TARGETS: sm_80
// expected-no-diagnostics
// A block-scope using-declaration brings a namespace function into a member function that has
// a member of the same name (the libcu++ swap idiom).
namespace util {
template <typename T>
__device__ void swap(T& a, T& b) {
  T t = a;
  a = b;
  b = t;
}
}  // namespace util

struct Pair {
  int first;
  int second;
  __device__ void swap(Pair& o) {
    using util::swap;
    swap(first, o.first);
    swap(second, o.second);
  }
};

__global__ void kernel(Pair* p) { p[0].swap(p[1]); }
