// Absorbed MLA decode, Hopper variant: warpgroup MMA (wgmma) reads q, the kv tiles and p straight
// from 128-byte-swizzled shared memory; kv tiles of 64 positions arrive through the tensor copy
// engine, two buffers deep, and the two warpgroups hand work over through mbarriers.
#include <jitguard/mla/plan.cuh>

// A variant compiled for a target it cannot serve must fail loudly, never build an empty kernel.
#if defined(__CUDA_ARCH__) && (__CUDA_ARCH__ < 900)
#error "mla_decode_hopper.cu needs sm_90 or newer (wgmma, tensor copies, mbarrier transactions); use the portable variant below sm_90"
#endif

#include <jitguard/mla/copy_sm90.cuh>
#include <jitguard/mla/decode_cta.cuh>
#include <jitguard/mla/mma_sm90.cuh>

namespace jitguard {
namespace mla {
namespace hopper {

using Layout = DecodeLayout<64, 2>;
// 225 KB of the 227 KB (232448 bytes) a Hopper block may use.
static_assert(Layout::kSmemBytes <= 232448, "over Hopper's shared memory per block");

// One block of kPlanThreads threads.
template <typename IdType>
__global__ void __launch_bounds__(kPlanThreads)
    plan_kernel(const IdType* kv_len, unsigned batch_size, unsigned num_heads, unsigned num_sms, unsigned max_work,
                IdType* work_request, IdType* work_kv_start, IdType* work_kv_end, IdType* work_partial,
                IdType* merge_indptr, IdType* plan_info) {
  if (blockIdx.x == 0) {
    MLAPlan<IdType>(kv_len, batch_size, num_heads, kHeadsPerCta, num_sms, Layout::kCtasPerSm,
                    Layout::kTile, max_work, work_request, work_kv_start, work_kv_end, work_partial,
                    merge_indptr, plan_info);
  }
}

// grid (ceil(num_heads / kHeadsPerCta), max_work), block kThreads, Layout::kSmemBytes of
// dynamic shared memory: the host reads all three from jitguard_mla_decode_geometry. The
// parameters stay in parameter memory (__grid_constant__): the tensor copies read their maps there.
template <typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
__global__ void __launch_bounds__(kThreads, 1)
    decode_kernel(const __grid_constant__ MLAParams<DTypeQ, DTypeKV, DTypeO, IdType> params) {
  extern __shared__ __align__(1024) unsigned char smem[];
  RunDecodeCta<Layout, WarpgroupMma, TensorKvCopier>(params, smem);
}

}  // namespace hopper
}  // namespace mla
}  // namespace jitguard

// Launch geometry of decode_kernel: {threads per block, heads per block, dynamic shared memory
// bytes, kv positions per tile, 1: reads kv through tensor maps (MLAParams::kv_box_rows), threads
// of plan_kernel's one block}.
extern "C" __constant__ unsigned jitguard_mla_decode_geometry[6] = {
    jitguard::mla::kThreads, jitguard::mla::kHeadsPerCta, jitguard::mla::hopper::Layout::kSmemBytes,
    jitguard::mla::hopper::Layout::kTile, 1, jitguard::mla::kPlanThreads};
