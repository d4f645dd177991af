// Merges the fp32 partial outputs of split-KV decode into o and lse.
#include <jitguard/mla/dtype.cuh>
#include <jitguard/mla/params.cuh>

namespace jitguard {
namespace mla {

constexpr unsigned kMergeThreads = kHeadDimCkv / 4;  // a float4 of a head's 512 columns each
constexpr unsigned kMergeWarps = kMergeThreads / 32;
constexpr unsigned kMergeUnroll = 8;  // partial rows each thread has in flight

__device__ __forceinline__ float MergeWarpMax(float v) {
  for (unsigned d = 16; d > 0; d /= 2) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, d));
  return v;
}

__device__ __forceinline__ float MergeWarpSum(float v) {
  for (unsigned d = 16; d > 0; d /= 2) v += __shfl_xor_sync(0xffffffffu, v, d);
  return v;
}

// grid (num_heads, merge slots), block kMergeThreads: block (h, s) merges head h of the s-th request
// the plan split (merge_requests; slots past plan_info[3] have nothing to do). Requests that were not
// split were written by the decode kernel directly. A whole block reads each partial row of its head
// (2 KB, one float4 a thread), kMergeUnroll rows at once: at batch 1, where one request may have a
// hundred partial rows, the merge is many blocks wide instead of one warp per head.
//   o = sum_i w_i * partial_o_i / sum_i w_i, with w_i = exp2(partial_lse_i - max_j partial_lse_j)
template <typename DTypeO, typename IdType>
__global__ void __launch_bounds__(kMergeThreads)
    merge_kernel(const float* partial_o, const float* partial_lse, const IdType* merge_indptr,
                 const IdType* merge_requests, const IdType* plan_info, DTypeO* o, float* lse, unsigned num_heads) {
  __shared__ float weights[kMergeThreads];
  __shared__ float warp_values[kMergeWarps];
  const unsigned slot = blockIdx.y;
  const unsigned head = blockIdx.x;
  if (slot >= (unsigned)plan_info[3] || head >= num_heads) return;
  const unsigned req = (unsigned)merge_requests[slot];
  const int begin = (int)merge_indptr[req];
  const int end = (int)merge_indptr[req + 1];
  const unsigned t = threadIdx.x;
  const unsigned lane = t % 32;
  const unsigned warp = t / 32;

  // The largest partial lse of this head over the request's partial rows.
  float m = __int_as_float(0xff800000);
  for (int i = begin + (int)t; i < end; i += kMergeThreads) {
    m = fmaxf(m, partial_lse[(unsigned long long)i * num_heads + head]);
  }
  m = MergeWarpMax(m);
  if (lane == 0) warp_values[warp] = m;
  __syncthreads();
#pragma unroll
  for (unsigned w = 0; w < kMergeWarps; ++w) m = fmaxf(m, warp_values[w]);

  const unsigned long long row_stride = (unsigned long long)num_heads * kHeadDimCkv;
  float4 acc = make_float4(0.f, 0.f, 0.f, 0.f);
  float weight_sum = 0.f;  // this thread's share: the weights it computed
  for (int base = begin; base < end; base += kMergeThreads) {
    const int rows = end - base < (int)kMergeThreads ? end - base : (int)kMergeThreads;
    __syncthreads();  // the last chunk's weights are read, and warp_values too
    if ((int)t < rows) {
      const float w = exp2f(partial_lse[(unsigned long long)(base + (int)t) * num_heads + head] - m);
      weights[t] = w;
      weight_sum += w;
    }
    __syncthreads();
    const float* src = partial_o + ((unsigned long long)base * num_heads + head) * kHeadDimCkv + 4 * t;
    int i = 0;
    for (; i + (int)kMergeUnroll <= rows; i += kMergeUnroll) {
      float4 v[kMergeUnroll];
#pragma unroll
      for (unsigned u = 0; u < kMergeUnroll; ++u) v[u] = *reinterpret_cast<const float4*>(src + (i + u) * row_stride);
#pragma unroll
      for (unsigned u = 0; u < kMergeUnroll; ++u) {
        const float w = weights[i + u];
        acc.x += w * v[u].x;
        acc.y += w * v[u].y;
        acc.z += w * v[u].z;
        acc.w += w * v[u].w;
      }
    }
    for (; i < rows; ++i) {
      const float4 v = *reinterpret_cast<const float4*>(src + i * row_stride);
      const float w = weights[i];
      acc.x += w * v.x;
      acc.y += w * v.y;
      acc.z += w * v.z;
      acc.w += w * v.w;
    }
  }

  // The weights' sum over the block.
  weight_sum = MergeWarpSum(weight_sum);
  __syncthreads();  // every thread is past its last read of warp_values (the maximum)
  if (lane == 0) warp_values[warp] = weight_sum;
  __syncthreads();
  float total = 0.f;
#pragma unroll
  for (unsigned w = 0; w < kMergeWarps; ++w) total += warp_values[w];

  const float inv = total > 0.f ? 1.f / total : 0.f;
  DTypeO* out = o + ((unsigned long long)req * num_heads + head) * kHeadDimCkv + 4 * t;
  StorePair(out, acc.x * inv, acc.y * inv);
  StorePair(out + 2, acc.z * inv, acc.w * inv);
  if (t == 0) {
    lse[(unsigned long long)req * num_heads + head] =
        total > 0.f ? (m + log2f(total)) * kLn2 : __int_as_float(0xff800000);
  }
}

}  // namespace mla
}  // namespace jitguard
