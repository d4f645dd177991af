// Element-type conversions shared by the MLA kernels. Accumulation is always in fp32.
#pragma once
#include <cuda_bf16.h>
#include <cuda_fp16.h>

namespace jitguard {
namespace mla {

__device__ __forceinline__ float to_float(float x) { return x; }
__device__ __forceinline__ float to_float(__half x) { return __half2float(x); }
__device__ __forceinline__ float to_float(__nv_bfloat16 x) { return __bfloat162float(x); }

template <typename T>
struct FromFloat;
template <>
struct FromFloat<float> {
  __device__ __forceinline__ static float apply(float x) { return x; }
};
template <>
struct FromFloat<__half> {
  __device__ __forceinline__ static __half apply(float x) { return __float2half_rn(x); }
};
template <>
struct FromFloat<__nv_bfloat16> {
  __device__ __forceinline__ static __nv_bfloat16 apply(float x) { return __float2bfloat16_rn(x); }
};

template <typename T>
__device__ __forceinline__ T from_float(float x) {
  return FromFloat<T>::apply(x);
}

// Which tensor-core instruction flavour multiplies a 16-bit type.
template <typename T>
struct MmaName;
template <>
struct MmaName<__nv_bfloat16> {
  static constexpr bool kBf16 = true;
};
template <>
struct MmaName<__half> {
  static constexpr bool kBf16 = false;
};

template <typename A, typename B>
struct IsSame {
  static constexpr bool kValue = false;
};
template <typename A>
struct IsSame<A, A> {
  static constexpr bool kValue = true;
};

// Two adjacent outputs, stored together.
__device__ __forceinline__ void StorePair(float* dst, float a, float b) { *reinterpret_cast<float2*>(dst) = make_float2(a, b); }
__device__ __forceinline__ void StorePair(__half* dst, float a, float b) {
  *reinterpret_cast<__half2*>(dst) = __floats2half2_rn(a, b);
}
__device__ __forceinline__ void StorePair(__nv_bfloat16* dst, float a, float b) {
  *reinterpret_cast<__nv_bfloat162*>(dst) = __floats2bfloat162_rn(a, b);
}

// Two values of a 16-bit type packed into one register, the low one first.
__device__ __forceinline__ unsigned PackPair(__half, float a, float b) {
  __half2 v = __floats2half2_rn(a, b);
  return *reinterpret_cast<unsigned*>(&v);
}
__device__ __forceinline__ unsigned PackPair(__nv_bfloat16, float a, float b) {
  __nv_bfloat162 v = __floats2bfloat162_rn(a, b);
  return *reinterpret_cast<unsigned*>(&v);
}

}  // namespace mla
}  // namespace jitguard
