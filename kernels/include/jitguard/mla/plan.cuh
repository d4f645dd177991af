// The split-KV planner shared by every decode variant.
#pragma once

namespace jitguard {
namespace mla {

// Partitions the kv of every request into chunks so that (work items x head groups) fills the
// GPU, and assigns a partial-output row to each chunk of a request that is split. Runs on one
// thread, on the device, so a whole decode (plan, decode, merge) can be captured in a CUDA graph.
// Guarantees num_work <= max_work as long as max_work >= batch_size.
//
// Outputs: work_request/work_kv_start/work_kv_end/work_partial [max_work];
// merge_indptr [batch_size + 1], the partial rows of each request (empty: not split);
// plan_info [0] = number of work items, [1] = number of partial rows, [2] = chunk size in tokens.
template <typename IdType>
__device__ void MLAPlan(const IdType* kv_len, unsigned batch_size, unsigned num_heads,
                        unsigned head_group_size, unsigned num_sms, unsigned ctas_per_sm,
                        unsigned tile_tokens, unsigned max_work, IdType* work_request,
                        IdType* work_kv_start, IdType* work_kv_end, IdType* work_partial,
                        IdType* merge_indptr, IdType* plan_info) {
  long long total = 0;
  long long longest = 0;
  for (unsigned b = 0; b < batch_size; ++b) {
    long long len = kv_len[b] > 0 ? kv_len[b] : 0;
    total += len;
    longest = len > longest ? len : longest;
  }
  unsigned head_groups = (num_heads + head_group_size - 1) / head_group_size;
  unsigned long long target_ctas = (unsigned long long)num_sms * ctas_per_sm;
  unsigned long long target_work = (target_ctas + head_groups - 1) / head_groups;
  if (target_work < batch_size) target_work = batch_size;
  if (target_work > max_work) target_work = max_work;
  unsigned long long extra = target_work > batch_size ? target_work - batch_size : 0;

  long long chunk = longest > 0 ? longest : 1;  // no spare CTAs: one chunk per request
  if (extra > 0 && total > 0) {
    chunk = (total + (long long)extra - 1) / (long long)extra;
  }
  long long min_chunk = 4LL * tile_tokens;  // shorter chunks cost more in merging than they save
  if (chunk < min_chunk) chunk = min_chunk;
  chunk = (chunk + tile_tokens - 1) / tile_tokens * tile_tokens;

  unsigned work = 0;
  unsigned partials = 0;
  for (unsigned b = 0; b < batch_size; ++b) {
    long long len = kv_len[b] > 0 ? kv_len[b] : 0;
    long long chunks = len > 0 ? (len + chunk - 1) / chunk : 1;
    // Even chunks within a request (never more of them): the slowest CTA sets the time.
    long long even = len > 0 ? (len + chunks - 1) / chunks : chunk;
    even = (even + tile_tokens - 1) / tile_tokens * tile_tokens;
    chunks = len > 0 ? (len + even - 1) / even : 1;
    merge_indptr[b] = (IdType)partials;
    for (long long c = 0; c < chunks; ++c) {
      long long start = c * even;
      long long end = start + even < len ? start + even : len;
      work_request[work] = (IdType)b;
      work_kv_start[work] = (IdType)start;
      work_kv_end[work] = (IdType)end;
      work_partial[work] = chunks > 1 ? (IdType)partials++ : (IdType)-1;
      ++work;
    }
  }
  merge_indptr[batch_size] = (IdType)partials;
  plan_info[0] = (IdType)work;
  plan_info[1] = (IdType)partials;
  plan_info[2] = (IdType)chunk;
}

}  // namespace mla
}  // namespace jitguard
