// The shared params header after the fork's change: partial_o became float* (split-KV partial
// outputs stay in fp32), and so did the merge function's partial_o parameter.
#pragma once
#include <cuda_bf16.h>
#include <cuda_fp16.h>

template <typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
struct MLAParams {
  const DTypeQ* q_nope;
  const DTypeKV* ckv;
  DTypeO* o;
  float* partial_o;  // was DTypeO*
  float* partial_lse;
  IdType num_heads;
};

template <typename T>
__device__ __forceinline__ T* GetPtrFromBaseOffset(void* base, long long offset) {
  return reinterpret_cast<T*>(reinterpret_cast<char*>(base) + offset);
}

template <typename DTypeO, typename IdType>
__device__ void DevicePersistentMergeStates(const IdType* merge_indptr, const float* partial_lse, DTypeO* o,
                                            float* lse, unsigned num_heads, float* partial_o) {
  if (merge_indptr[0] < merge_indptr[1]) {
    o[0] = DTypeO(partial_o[0]);
    lse[0] = partial_lse[num_heads];
  }
}
