// RUN-TARGETS: sm_80
// RUN-NVRTC-COMPILES: plan_portable<int>
// expected-no-diagnostics
// The portable plan source was updated with the header: 15 arguments.
#include "include/mla_plan.cuh"

template <typename IdType>
__global__ void plan_portable(const IdType* kv_len, IdType* work, IdType* partial, IdType* merge, IdType* info) {
  MLAPlan<IdType>(kv_len, 16u, 1u, 128u, 512u, 64u, 64u, 132u, 280u, work, work + 1, work + 2, partial, merge, info);
}
