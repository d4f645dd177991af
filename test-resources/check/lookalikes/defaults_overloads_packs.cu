// RUN-TARGETS: sm_80
// RUN-INSTANTIATE: entry<int>
// RUN-NVRTC-COMPILES: entry<int>
// expected-no-diagnostics
// Calls that fit some declaration: default arguments, overloads, parameter packs, C varargs,
// methods, and names that are lambdas or functors rather than functions.
#include <cuda_bf16.h>

__device__ int scale(int x, int factor = 2, int bias = 0) { return x * factor + bias; }

__device__ float pick(float a) { return a; }
__device__ float pick(float a, float b) { return a < b ? a : b; }
__device__ float pick(float a, float b, float c) { return pick(pick(a, b), c); }

template <typename... Ts>
__device__ int count(Ts... xs) { return sizeof...(xs); }

template <typename T, typename... Rest>
__device__ T first(T head, Rest... rest) { return head; }

struct Accumulator {
  float total;
  __device__ void add(float x) { total += x; }
  __device__ void add(float x, float weight) { total += x * weight; }
};

template <typename IdType>
__global__ void entry(IdType* out, float* f) {
  auto twice = [](int v) { return v * 2; };
  int a = scale(1) + scale(1, 3) + scale(1, 3, 4);
  float b = pick(1.f) + pick(1.f, 2.f) + pick(1.f, 2.f, 3.f);
  int c = count() + count(1, 2, 3) + first(1, 2.f, 'c');
  Accumulator acc{0.f};
  acc.add(1.f);
  acc.add(1.f, 0.5f);
  out[0] = static_cast<IdType>(a + c + twice(4));
  f[0] = b + acc.total;
  printf("%d %f\n", a, b);
}

namespace other {
struct Tag {};
__device__ int visit(Tag, int extra) { return extra; }
}  // namespace other

__device__ int visit(int only) { return only; }

__global__ void adl(int* out) {
  other::Tag t;
  out[0] = visit(t, 2) + visit(3);  // the two-argument visit is found through Tag's namespace
}
