// RUN-TARGETS: sm_90a
// RUN-INSTANTIATE: run_sm90<__nv_bfloat16, __nv_bfloat16, __nv_bfloat16, int>
// RUN-INSTANTIATE: run_sm90<__half, __half, __half, int>
// RUN-INSTANTIATE: run_sm90<__nv_bfloat16, __nv_bfloat16, float, int>
// RUN-NVRTC-FAILS: run_sm90<__nv_bfloat16, __nv_bfloat16, __nv_bfloat16, int>
// RUN-NVRTC-FAILS: run_sm90<__half, __half, __half, int>
// RUN-NVRTC-COMPILES: run_sm90<__nv_bfloat16, __nv_bfloat16, float, int>
// The Hopper run source after the header change: three stale uses of DTypeO* where float* is now
// expected. The compiler shows the first (three times, at the macro line) and hides the others.
#include "include/dispatch.cuh"
#include "include/mla_params.cuh"

template <typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
__global__ void run_sm90(MLAParams<DTypeQ, DTypeKV, DTypeO, IdType> params, void* float_buffer, long long offset,
                         const IdType* merge_indptr, float* lse) {
  DISPATCH_MASK_MODE(MASK_MODE, [&] {
    // expected-error@+1 {{assigning to 'float *' from 'DTypeO *' (aka '__nv_bfloat16 *') [JG002]}}
    params.partial_o = GetPtrFromBaseOffset<DTypeO>(float_buffer, offset);
  });
  // expected-error@+1 {{initializing 'DTypeO *' (aka '__nv_bfloat16 *') with an expression of type 'float *' [JG002]}}
  DTypeO* partial_o = params.partial_o;
  // expected-error@+1 {{passing 'DTypeO *' (aka '__nv_bfloat16 *') to parameter of type 'float *' [JG002]}}
  DevicePersistentMergeStates<DTypeO, IdType>(merge_indptr, params.partial_lse, params.o, lse, 128u, partial_o);
}
