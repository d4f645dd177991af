// Absorbed MLA decode, Hopper variant: kv tiles arrive through the sm_90 bulk-copy engine
// (cp.async.bulk) and complete on a shared-memory transaction barrier (mbarrier expect_tx).
#include <jitguard/mla/decode_cta.cuh>
#include <jitguard/mla/plan.cuh>

// A variant compiled for a target it cannot serve must fail loudly, never build an empty kernel.
#if defined(__CUDA_ARCH__) && (__CUDA_ARCH__ < 900)
#error "mla_decode_hopper.cu needs sm_90 or newer (cp.async.bulk, mbarrier transactions); use the portable variant below sm_90"
#endif

namespace jitguard {
namespace mla {
namespace hopper {

constexpr unsigned kCtasPerSm = 2;

__device__ __forceinline__ unsigned smem_addr(const void* p) {
  return static_cast<unsigned>(__cvta_generic_to_shared(p));
}

// One bulk copy per kv row and part (c_kv: 1024 bytes, k_pe: 128 bytes in 16-bit types), issued by
// the lanes of warp 0, counted on one transaction barrier whose phase flips every tile.
struct TileLoader {
  unsigned long long* barrier;
  unsigned phase;

  __device__ __forceinline__ void init() {
#if defined(__CUDA_ARCH__) && (__CUDA_ARCH__ >= 900)
    if (threadIdx.x == 0) {
      asm volatile("mbarrier.init.shared::cta.b64 [%0], 1;" ::"r"(smem_addr(barrier)) : "memory");
      asm volatile("fence.mbarrier_init.release.cluster;" ::: "memory");
    }
#endif
  }

  template <typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
  __device__ __forceinline__ void load(DTypeKV (*kv)[kHeadDimQk],
                                       const MLAParams<DTypeQ, DTypeKV, DTypeO, IdType>& p,
                                       const IdType* pages, long long t0, unsigned valid) {
    static_assert(kHeadDimKpe * sizeof(DTypeKV) % 16 == 0, "bulk copies move multiples of 16 bytes");
#if defined(__CUDA_ARCH__) && (__CUDA_ARCH__ >= 900)
    const unsigned bar = smem_addr(barrier);
    if (threadIdx.x < 32) {
      const unsigned lane = threadIdx.x;
      if (lane == 0) {
        const unsigned bytes = valid * kHeadDimQk * (unsigned)sizeof(DTypeKV);
        asm volatile("mbarrier.arrive.expect_tx.shared::cta.b64 _, [%0], %1;" ::"r"(bar), "r"(bytes)
                     : "memory");
      }
      __syncwarp();
      if (lane < valid) {
        const long long row = KvRow(pages, p.page_size, t0 + lane);
        asm volatile(
            "cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1], %2, [%3];" ::
                "r"(smem_addr(&kv[lane][0])), "l"(p.ckv + row * kHeadDimCkv),
            "r"((unsigned)(kHeadDimCkv * sizeof(DTypeKV))), "r"(bar)
            : "memory");
        asm volatile(
            "cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [%0], [%1], %2, [%3];" ::
                "r"(smem_addr(&kv[lane][kHeadDimCkv])), "l"(p.kpe + row * kHeadDimKpe),
            "r"((unsigned)(kHeadDimKpe * sizeof(DTypeKV))), "r"(bar)
            : "memory");
      }
    }
    unsigned done = 0;
    while (!done) {
      asm volatile(
          "{\n .reg .pred ready;\n mbarrier.try_wait.parity.shared::cta.b64 ready, [%1], %2;\n"
          " selp.u32 %0, 1, 0, ready;\n}" : "=r"(done) : "r"(bar), "r"(phase) : "memory");
    }
    phase ^= 1u;
#endif
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
  __shared__ unsigned long long barrier;
  TileLoader loader{&barrier, 0u};
  RunDecodeCta(params, smem, loader);
}

}  // namespace hopper
}  // namespace mla
}  // namespace jitguard
