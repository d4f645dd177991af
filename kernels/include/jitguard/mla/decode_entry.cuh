// What every decode variant exports besides its decode_kernel: the plan kernel, instantiated for
// the variant's Layout, and the launch geometry the host reads from the module.
#pragma once

#include "decode_common.cuh"
#include "plan.cuh"

namespace jitguard {
namespace mla {

// How the host launches a variant's kernels, read from the module as
// jitguard_mla_decode_geometry (seven 32-bit values, in this order).
struct DecodeGeometry {
  unsigned threads;        // decode_kernel's block
  unsigned heads_per_cta;  // grid.x = ceil(num_heads / heads_per_cta)
  unsigned smem_bytes;     // decode_kernel's dynamic shared memory
  unsigned tile;           // kv positions per tile
  unsigned tensor_maps;    // 1: reads kv through tensor maps (MLAParams::kv_box_rows); 0: cp.async
  unsigned plan_threads;   // plan_kernel's one block
  unsigned ctas_per_sm;    // the plan's CTAs per SM: with SplitRequestsBound, how many requests it may split
};

template <typename Layout>
__host__ __device__ constexpr DecodeGeometry GeometryOf(bool tensor_maps) {
  return DecodeGeometry{kThreads, kHeadsPerCta, Layout::kSmemBytes, Layout::kTile, tensor_maps ? 1u : 0u,
                        kPlanThreads, Layout::kCtasPerSm};
}

// One block of kPlanThreads threads plans the whole batch for a variant's tile and blocks per SM.
template <typename Layout, typename IdType>
__global__ void __launch_bounds__(kPlanThreads)
    plan_kernel(const IdType* kv_len, unsigned batch_size, unsigned num_heads, unsigned num_sms, unsigned max_work,
                IdType* work_request, IdType* work_kv_start, IdType* work_kv_end, IdType* work_partial,
                IdType* merge_indptr, IdType* merge_requests, IdType* plan_info) {
  if (blockIdx.x == 0) {
    MLAPlan<IdType>(kv_len, batch_size, num_heads, kHeadsPerCta, num_sms, Layout::kCtasPerSm, Layout::kTile,
                    max_work, work_request, work_kv_start, work_kv_end, work_partial, merge_indptr, merge_requests,
                    plan_info);
  }
}

}  // namespace mla
}  // namespace jitguard
