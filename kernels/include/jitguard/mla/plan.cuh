// The split-KV planner shared by every decode variant.
#pragma once

namespace jitguard {
namespace mla {

constexpr unsigned kPlanThreads = 256;  // plan_kernel's block: one block plans the whole batch

// Sums of kCounters counters over the block (kPlanThreads threads): each thread's exclusive prefix of
// each, and the block's totals. Every thread of the block must call it.
constexpr unsigned kCounters = 3;
__device__ __forceinline__ void BlockExclusiveScan(long long (&v)[kCounters], long long (&total)[kCounters]) {
  __shared__ long long warp_sums[kCounters][kPlanThreads / 32];
  const unsigned lane = threadIdx.x % 32;
  const unsigned warp = threadIdx.x / 32;
  long long inc[kCounters];
#pragma unroll
  for (unsigned k = 0; k < kCounters; ++k) inc[k] = v[k];
  for (unsigned d = 1; d < 32; d *= 2) {
#pragma unroll
    for (unsigned k = 0; k < kCounters; ++k) {
      const long long up = __shfl_up_sync(0xffffffffu, inc[k], d);
      if (lane >= d) inc[k] += up;
    }
  }
  if (lane == 31) {
#pragma unroll
    for (unsigned k = 0; k < kCounters; ++k) warp_sums[k][warp] = inc[k];
  }
  __syncthreads();
#pragma unroll
  for (unsigned k = 0; k < kCounters; ++k) {
    long long before = 0;
    total[k] = 0;
    for (unsigned w = 0; w < kPlanThreads / 32; ++w) {
      if (w < warp) before += warp_sums[k][w];
      total[k] += warp_sums[k][w];
    }
    v[k] = before + inc[k] - v[k];
  }
  __syncthreads();  // the warp sums may be overwritten by the next call
}

// Work items the plan adds beyond one per request: enough for (work items x head groups) to fill
// num_sms x ctas_per_sm CTAs, within max_work. It bounds the requests that get split, whatever their
// lengths: none once the batch alone fills the GPU. The host computes the same (MlaLaunch) to size
// the merge's grid, or to leave the merge out.
__host__ __device__ __forceinline__ unsigned long long SplitRequestsBound(unsigned batch_size, unsigned num_heads,
                                                                       unsigned head_group_size, unsigned num_sms,
                                                                       unsigned ctas_per_sm, unsigned max_work) {
  const unsigned head_groups = (num_heads + head_group_size - 1) / head_group_size;
  const unsigned long long target_ctas = (unsigned long long)num_sms * ctas_per_sm;
  unsigned long long target_work = (target_ctas + head_groups - 1) / head_groups;
  if (target_work < batch_size) target_work = batch_size;
  if (target_work > max_work) target_work = max_work;
  return target_work > batch_size ? target_work - batch_size : 0;
}

// Partitions the kv of every request into chunks so that (work items x head groups) fills the
// GPU, and assigns a partial-output row to each chunk of a request that is split. Runs on the
// device, in one block of kPlanThreads threads (every thread calls it), so a whole decode (plan,
// decode, merge) can be captured in a CUDA graph; the requests are read and laid out in parallel,
// a block-wide scan numbering the work items. Guarantees num_work <= max_work as long as
// max_work >= batch_size.
//
// Outputs: work_request/work_kv_start/work_kv_end/work_partial [max_work];
// merge_indptr [batch_size + 1], the partial rows of each request (empty: not split);
// merge_requests [batch_size], the requests that were split, in order (the merge's work);
// plan_info [0] = number of work items, [1] = number of partial rows, [2] = chunk size in tokens,
// [3] = number of split requests. At most SplitRequestsBound(...) requests are split, which the host
// can work out before the plan runs to size the merge's grid.
template <typename IdType>
__device__ void MLAPlan(const IdType* kv_len, unsigned batch_size, unsigned num_heads,
                        unsigned head_group_size, unsigned num_sms, unsigned ctas_per_sm,
                        unsigned tile_tokens, unsigned max_work, IdType* work_request,
                        IdType* work_kv_start, IdType* work_kv_end, IdType* work_partial,
                        IdType* merge_indptr, IdType* merge_requests, IdType* plan_info) {
  // The batch's total and longest kv length: shuffles within each warp, then the warps' results
  // through shared memory, rather than 64-bit shared-memory atomics that all 256 threads queue on.
  __shared__ long long warp_total[kPlanThreads / 32];
  __shared__ long long warp_longest[kPlanThreads / 32];
  long long total = 0;
  long long longest = 0;
  for (unsigned b = threadIdx.x; b < batch_size; b += kPlanThreads) {
    long long len = kv_len[b] > 0 ? kv_len[b] : 0;
    total += len;
    longest = len > longest ? len : longest;
  }
  for (unsigned d = 16; d > 0; d /= 2) {
    total += __shfl_xor_sync(0xffffffffu, total, d);
    const long long other = __shfl_xor_sync(0xffffffffu, longest, d);
    longest = other > longest ? other : longest;
  }
  if (threadIdx.x % 32 == 0) {
    warp_total[threadIdx.x / 32] = total;
    warp_longest[threadIdx.x / 32] = longest;
  }
  __syncthreads();
  total = 0;
  longest = 0;
  for (unsigned w = 0; w < kPlanThreads / 32; ++w) {
    total += warp_total[w];
    longest = warp_longest[w] > longest ? warp_longest[w] : longest;
  }

  const unsigned long long extra =
      SplitRequestsBound(batch_size, num_heads, head_group_size, num_sms, ctas_per_sm, max_work);

  long long chunk = longest > 0 ? longest : 1;  // no spare CTAs: one chunk per request
  if (extra > 0 && total > 0) {
    chunk = (total + (long long)extra - 1) / (long long)extra;
  }
  long long min_chunk = 4LL * tile_tokens;  // shorter chunks cost more in merging than they save
  if (chunk < min_chunk) chunk = min_chunk;
  chunk = (chunk + tile_tokens - 1) / tile_tokens * tile_tokens;

  long long work_base = 0;
  long long partial_base = 0;
  long long split_base = 0;
  for (unsigned round = 0; round < batch_size; round += kPlanThreads) {
    const unsigned b = round + threadIdx.x;
    long long len = 0;
    long long chunks = 0;
    long long even = chunk;
    if (b < batch_size) {
      len = kv_len[b] > 0 ? kv_len[b] : 0;
      chunks = len > 0 ? (len + chunk - 1) / chunk : 1;
      // Even chunks within a request (never more of them): the slowest CTA sets the time.
      if (len > 0) {
        even = (len + chunks - 1) / chunks;
        even = (even + tile_tokens - 1) / tile_tokens * tile_tokens;
        chunks = (len + even - 1) / even;
      }
    }
    long long counts[kCounters] = {chunks, chunks > 1 ? chunks : 0, chunks > 1 ? 1 : 0};
    long long round_totals[kCounters];
    BlockExclusiveScan(counts, round_totals);
    if (b < batch_size) {
      const long long work = counts[0] + work_base;
      const long long partials = counts[1] + partial_base;
      merge_indptr[b] = (IdType)partials;
      if (chunks > 1) merge_requests[counts[2] + split_base] = (IdType)b;
      for (long long c = 0; c < chunks; ++c) {
        long long start = c * even;
        long long end = start + even < len ? start + even : len;
        work_request[work + c] = (IdType)b;
        work_kv_start[work + c] = (IdType)start;
        work_kv_end[work + c] = (IdType)end;
        work_partial[work + c] = chunks > 1 ? (IdType)(partials + c) : (IdType)-1;
      }
    }
    work_base += round_totals[0];
    partial_base += round_totals[1];
    split_base += round_totals[2];
  }
  if (threadIdx.x == 0) {
    merge_indptr[batch_size] = (IdType)partial_base;
    plan_info[0] = (IdType)work_base;
    plan_info[1] = (IdType)partial_base;
    plan_info[2] = (IdType)chunk;
    plan_info[3] = (IdType)split_base;
  }
}

}  // namespace mla
}  // namespace jitguard
