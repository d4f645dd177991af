// Absorbed MLA decode, portable variant: sm_80 and newer, plain vectorised loads.
#include <jitguard/mla/decode_cta.cuh>
#include <jitguard/mla/plan.cuh>

namespace jitguard {
namespace mla {
namespace portable {

constexpr unsigned kCtasPerSm = 2;

// Copies a tile of kv rows (c_kv then k_pe, 576 values) into shared memory with 16-byte loads.
struct TileLoader {
  __device__ __forceinline__ void init() {}

  template <typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
  __device__ __forceinline__ void load(DTypeKV (*kv)[kHeadDimQk],
                                       const MLAParams<DTypeQ, DTypeKV, DTypeO, IdType>& p,
                                       const IdType* pages, long long t0, unsigned valid) {
    constexpr unsigned kVecCkv = kHeadDimCkv * sizeof(DTypeKV) / 16;
    constexpr unsigned kVecRow = kHeadDimQk * sizeof(DTypeKV) / 16;
    for (unsigned i = threadIdx.x; i < valid * kVecRow; i += kThreads) {
      const unsigned t = i / kVecRow;
      const unsigned c = i % kVecRow;
      const long long row = KvRow(pages, p.page_size, t0 + t);
      const uint4* src = c < kVecCkv
          ? reinterpret_cast<const uint4*>(p.ckv + row * kHeadDimCkv) + c
          : reinterpret_cast<const uint4*>(p.kpe + row * kHeadDimKpe) + (c - kVecCkv);
      reinterpret_cast<uint4*>(kv[t])[c] = *src;
    }
    __syncthreads();
  }
};

template <typename IdType>
__global__ void plan_kernel(const IdType* kv_len, unsigned batch_size, unsigned num_heads,
                            unsigned num_sms, unsigned max_work, IdType* work_request,
                            IdType* work_kv_start, IdType* work_kv_end, IdType* work_partial,
                            IdType* merge_indptr, IdType* plan_info) {
  if (blockIdx.x == 0 && threadIdx.x == 0) {
    MLAPlan<IdType>(kv_len, batch_size, num_heads, kHeadGroup, num_sms, kCtasPerSm, kTileTokens,
                    max_work, work_request, work_kv_start, work_kv_end, work_partial, merge_indptr,
                    plan_info);
  }
}

// grid (max_work, ceil(num_heads / kHeadGroup)), block kThreads.
template <typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
__global__ void __launch_bounds__(kThreads)
    decode_kernel(const MLAParams<DTypeQ, DTypeKV, DTypeO, IdType> params) {
  __shared__ DecodeSmem<DTypeQ, DTypeKV> smem;
  TileLoader loader;
  RunDecodeCta(params, smem, loader);
}

}  // namespace portable
}  // namespace mla
}  // namespace jitguard
