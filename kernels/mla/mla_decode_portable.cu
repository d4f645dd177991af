// Absorbed MLA decode, portable variant: sm_80 and newer, warp-level mma.sync tensor cores fed by
// ldmatrix, kv tiles streamed in with cp.async; the same warp-specialised pipeline as the Hopper
// variant (decode_cta.cuh).
#include <jitguard/mla/decode_cta.cuh>
#include <jitguard/mla/decode_entry.cuh>
#include <jitguard/mla/kv_copy.cuh>
#include <jitguard/mla/mma_sm80.cuh>

namespace jitguard {
namespace mla {
namespace portable {

// The tile follows the shared memory a block may use on the target. The scorer accumulates a
// quarter of o, the other warpgroup three quarters: with mma.sync the scores already make the
// scorer's chain the longest (measured on an H100, BENCHMARKS.md).
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ == 900
using Layout = DecodeLayout<64, 2, 128>;  // Hopper: 227 KB
constexpr unsigned kSmemPerBlock = 232448;
#elif defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 1000 && __CUDA_ARCH__ < 1200
using Layout = DecodeLayout<64, 2>;  // datacenter Blackwell: 227 KB; an even split, which ptxas fits without spills
constexpr unsigned kSmemPerBlock = 232448;
#elif defined(__CUDA_ARCH__) && (__CUDA_ARCH__ == 800 || __CUDA_ARCH__ == 870)
using Layout = DecodeLayout<32, 2, 128>;  // A100, Orin: 163 KB
constexpr unsigned kSmemPerBlock = 166912;
#else
using Layout = DecodeLayout<16, 1, 128>;  // sm_86, sm_89, sm_120: 99 KB, so no copy runs ahead
constexpr unsigned kSmemPerBlock = 101376;
#endif
static_assert(Layout::kSmemBytes <= kSmemPerBlock, "over the target's shared memory per block");

// grid (ceil(num_heads / kHeadsPerCta), max_work), block kThreads, Layout::kSmemBytes of dynamic
// shared memory: the host reads all three from jitguard_mla_decode_geometry; the plan is
// plan_kernel<Layout> (decode_entry.cuh).
template <typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
__global__ void __launch_bounds__(kThreads, 1)
    decode_kernel(const MLAParams<DTypeQ, DTypeKV, DTypeO, IdType> params) {
  extern __shared__ __align__(1024) unsigned char smem[];
  RunDecodeCta<Layout, WarpMma, CpAsyncKvCopier>(params, smem);
}

}  // namespace portable
}  // namespace mla
}  // namespace jitguard

// Launch geometry of decode_kernel and plan_kernel for the target this was compiled for; kv
// copied with cp.async (no tensor maps).
extern "C" __constant__ jitguard::mla::DecodeGeometry jitguard_mla_decode_geometry =
    jitguard::mla::GeometryOf<jitguard::mla::portable::Layout>(false);
