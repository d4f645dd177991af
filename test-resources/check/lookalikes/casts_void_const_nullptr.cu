// RUN-TARGETS: sm_90a
// RUN-INSTANTIATE: store<__nv_bfloat16>
// RUN-INSTANTIATE: store<float>
// RUN-NVRTC-COMPILES: store<__nv_bfloat16>
// RUN-NVRTC-COMPILES: store<float>
// expected-no-diagnostics
// Conversions C++ allows, and conversions written as casts: none is a finding.
#include <cuda_bf16.h>

struct Base { int tag; };
struct Derived : Base { float payload; };

template <typename T>
__device__ T* offset_ptr(void* base, long long bytes) {
  return reinterpret_cast<T*>(static_cast<char*>(base) + bytes);
}

template <typename DTypeO>
__global__ void store(void* workspace, DTypeO* out, Derived* d) {
  float* partial = reinterpret_cast<float*>(offset_ptr<DTypeO>(workspace, 0));  // explicit
  float* again = (float*)offset_ptr<DTypeO>(workspace, 64);                      // C-style
  void* any = offset_ptr<DTypeO>(workspace, 128);                                // to void*
  const DTypeO* read_only = out;                                                 // adds const
  const volatile DTypeO* both = out;                                             // adds cv
  DTypeO* none = nullptr;
  DTypeO* zero = 0;
  Base* base = d;                                                                // derived to base
  char* bytes = static_cast<char*>(any);
  partial[0] = again[0] + static_cast<float>(read_only[0]) + (both == read_only) + base->tag + bytes[0];
  if (none == zero) out[0] = read_only[0];
}
