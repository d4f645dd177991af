// RUN-TARGETS: sm_90a
// RUN-NVRTC-FAILS: plan_sm90<int>
// The Hopper plan source was not updated: it still passes the old 14 arguments.
#include "include/mla_plan.cuh"

template <typename IdType>
__global__ void plan_sm90(const IdType* kv_len, IdType* work, IdType* partial, IdType* merge, IdType* info) {
  // expected-error@+1 {{no declaration of 'MLAPlan' takes 14 arguments [JG001]}}
  MLAPlan<IdType>(kv_len, 16u, 128u, 512u, 64u, 64u, 132u, 280u, work, work + 1, work + 2, partial, merge, info);
}

// the module's instantiation, as the fork's generated sources request theirs
template __global__ void plan_sm90<int>(const int*, int*, int*, int*, int*);
