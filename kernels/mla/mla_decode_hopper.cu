// Absorbed MLA decode, Hopper variant: warpgroup MMA (wgmma) reads q, the kv tiles and p straight
// from 128-byte-swizzled shared memory; kv tiles of 64 positions arrive through the tensor copy
// engine, two buffers deep, and the two warpgroups hand work over through mbarriers.

// A variant compiled for a target it cannot serve must fail loudly, never build an empty kernel.
#if defined(__CUDA_ARCH__) && (__CUDA_ARCH__ < 900)
#error "mla_decode_hopper.cu needs sm_90 or newer (wgmma, tensor copies, mbarrier transactions); use the portable variant below sm_90"
#endif

#include <jitguard/mla/copy_sm90.cuh>
#include <jitguard/mla/decode_cta.cuh>
#include <jitguard/mla/decode_entry.cuh>
#include <jitguard/mla/mma_sm90.cuh>

namespace jitguard {
namespace mla {
namespace hopper {

using Layout = DecodeLayout<64, 2>;
// 225 KB of the 227 KB (232448 bytes) a Hopper block may use.
static_assert(Layout::kSmemBytes <= 232448, "over Hopper's shared memory per block");

// grid (ceil(num_heads / kHeadsPerCta), max_work), block kThreads, Layout::kSmemBytes of
// dynamic shared memory: the host reads all three from jitguard_mla_decode_geometry; the plan is
// plan_kernel<Layout> (decode_entry.cuh). The parameters stay in parameter memory
// (__grid_constant__): the tensor copies read their maps there.
template <typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
__global__ void __launch_bounds__(kThreads, 1)
    decode_kernel(const __grid_constant__ MLAParams<DTypeQ, DTypeKV, DTypeO, IdType> params) {
  extern __shared__ __align__(1024) unsigned char smem[];
  RunDecodeCta<Layout, WarpgroupMma, TensorKvCopier>(params, smem);
}

}  // namespace hopper
}  // namespace mla
}  // namespace jitguard

// Launch geometry of decode_kernel and plan_kernel; kv through tensor maps.
extern "C" __constant__ jitguard::mla::DecodeGeometry jitguard_mla_decode_geometry =
    jitguard::mla::GeometryOf<jitguard::mla::hopper::Layout>(true);
