// The Hopper plan source, not updated: it still passes the old 14 arguments.
#include "include/mla_plan.cuh"

template <typename IdType>
__global__ void plan_sm90(const IdType* kv_len, IdType* work, IdType* partial, IdType* merge, IdType* info) {
  MLAPlan<IdType>(kv_len, 16u, 128u, 512u, 64u, 64u, 132u, 280u, work, work + 1, work + 2, partial, merge, info);
}
