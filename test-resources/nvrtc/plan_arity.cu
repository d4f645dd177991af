// The incident's arity error: MLAPlan gained cuda_graph_cluster_size after batch_size; this
// caller still passes the old argument list.
template <typename IdType>
__device__ void MLAPlan(const IdType* kv_len, unsigned batch_size,  // expected-note {{number of parameters of function template "MLAPlan" does not match the call}}
                        unsigned cuda_graph_cluster_size, unsigned num_heads, IdType* work) {
  work[0] = kv_len[0] + batch_size + cuda_graph_cluster_size + num_heads;
}

__global__ void plan(const int* kv_len, int* work) {
  MLAPlan<int>(kv_len, 1u, 128u, work);  // expected-error {{no instance of function template "MLAPlan" matches the argument list}}
}
