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

}  // namespace mla
}  // namespace jitguard
