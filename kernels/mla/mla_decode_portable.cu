// Absorbed MLA decode, portable variant: sm_80 and newer, warp-level mma.sync tensor cores fed by
// ldmatrix, kv tiles streamed in with cp.async.
#include <jitguard/mla/decode_cta.cuh>
#include <jitguard/mla/mma_sm80.cuh>
#include <jitguard/mla/plan.cuh>

namespace jitguard {
namespace mla {
namespace portable {

// The tile follows the shared memory a block may use on the target.
#if defined(__CUDA_ARCH__) && (__CUDA_ARCH__ == 900 || (__CUDA_ARCH__ >= 1000 && __CUDA_ARCH__ < 1200))
using Tiling = DecodeTiling<64, 2>;  // 227 KB: Hopper, datacenter Blackwell
#elif defined(__CUDA_ARCH__) && (__CUDA_ARCH__ == 800 || __CUDA_ARCH__ == 870)
using Tiling = DecodeTiling<32, 2>;  // 163 KB: A100, Orin
#else
using Tiling = DecodeTiling<16, 1>;  // 99 KB: sm_86, sm_89, sm_120
#endif

// One block of kPlanThreads threads.
template <typename IdType>
__global__ void __launch_bounds__(kPlanThreads)
    plan_kernel(const IdType* kv_len, unsigned batch_size, unsigned num_heads, unsigned num_sms, unsigned max_work,
                IdType* work_request, IdType* work_kv_start, IdType* work_kv_end, IdType* work_partial,
                IdType* merge_indptr, IdType* plan_info) {
  if (blockIdx.x == 0) {
    MLAPlan<IdType>(kv_len, batch_size, num_heads, kHeadsPerCta, num_sms, Tiling::kCtasPerSm, Tiling::kTile,
                    max_work, work_request, work_kv_start, work_kv_end, work_partial, merge_indptr,
                    plan_info);
  }
}

// grid (ceil(num_heads / kHeadsPerCta), max_work), block kThreads, Tiling::kSmemBytes of dynamic
// shared memory: the host reads all three from jitguard_mla_decode_geometry.
template <typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
__global__ void __launch_bounds__(kThreads, 1)
    decode_kernel(const MLAParams<DTypeQ, DTypeKV, DTypeO, IdType> params) {
  extern __shared__ __align__(1024) unsigned char smem[];
  RunDecodeCta<Tiling, WarpMma>(params, smem);
}

}  // namespace portable
}  // namespace mla
}  // namespace jitguard

// Launch geometry of decode_kernel for the target this was compiled for:
// {threads per block, heads per block, dynamic shared memory bytes, kv positions per tile,
// 0: copies kv with cp.async (no tensor maps), threads of plan_kernel's one block}.
extern "C" __constant__ unsigned jitguard_mla_decode_geometry[6] = {
    jitguard::mla::kThreads, jitguard::mla::kHeadsPerCta, jitguard::mla::portable::Tiling::kSmemBytes,
    jitguard::mla::portable::Tiling::kTile, 0, jitguard::mla::kPlanThreads};
