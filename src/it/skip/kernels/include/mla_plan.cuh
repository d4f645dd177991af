// The shared planner after the change: 15 parameters.
#pragma once
template <typename IdType>
__device__ void MLAPlan(const IdType* kv_len, unsigned batch_size, unsigned cuda_graph_cluster_size,
                        unsigned num_heads, unsigned head_dim_ckv, unsigned head_dim_kpe, unsigned page_size,
                        unsigned num_sms, unsigned max_work, IdType* work_request, IdType* work_kv_start,
                        IdType* work_kv_end, IdType* work_partial, IdType* merge_indptr, IdType* plan_info) {
  plan_info[0] = kv_len[0] + batch_size + cuda_graph_cluster_size + num_heads + head_dim_ckv + head_dim_kpe +
                 page_size + num_sms + max_work;
  work_request[0] = work_kv_start[0] = work_kv_end[0] = work_partial[0] = merge_indptr[0] = 0;
}
