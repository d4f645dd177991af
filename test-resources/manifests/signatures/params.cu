// Kernel parameters of every kind a launch passes by value: the front end's layout of each
// (size, alignment, offset in the parameter buffer) must be the one NVRTC's CUBIN declares.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

namespace sig {

enum class Mode : unsigned char { kA, kB };
enum Plain { kX, kY };

constexpr int kLanes = 3;

struct alignas(16) Aligned {  // 12 bytes of floats, padded to its alignment
  float v[kLanes];
};
struct Padded {  // trailing padding after the char
  double d;
  char c;
};
struct Nested {  // a member class after a char, then an array of shorts
  char c;
  Padded p;
  short s[3];
};
union Both {  // the largest member, at the strictest alignment
  int i;
  double d;
  char bytes[12];
};
struct Maps {  // the tensor-map shape: an over-aligned array
  alignas(64) unsigned long long opaque[16];
};
template <typename T, int N>
struct Holder {  // a class template's members after substitution
  T items[N];
  int count;
};

template <typename T>
__global__ void all_kinds(char c, short s, bool b, double d, float4 f4, __half h, __nv_bfloat162 b2, Mode m,
                          Plain pl, Aligned a, Padded p, Nested n, Both u, const Maps maps, Holder<T, 3> holder,
                          long long ll, unsigned char uc, int2 i2) {}

template <typename T>
__global__ void pointers(const T* in, T* out, const void* raw, const Holder<T, 2>* holders, unsigned n) {}

}  // namespace sig
