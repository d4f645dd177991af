// The incident's type error: MLAParams::partial_o became float*, the Hopper source still
// assigns a DTypeO* to it. Fails for every output type but float.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

template <typename DTypeO>
struct MLAParams {
  float* partial_o;  // was DTypeO*; partial outputs now stay in fp32
};

template <typename T>
__device__ T* GetPtrFromBaseOffset(void* base, long long offset) {
  return reinterpret_cast<T*>(reinterpret_cast<char*>(base) + offset);
}

template <typename DTypeO>
__global__ void hopper_run(void* workspace, long long offset, float* out) {
  MLAParams<DTypeO> params;
  // expected-error@+1 {{a value of type "__nv_bfloat16 *" cannot be assigned to an entity of type "float *"}}
  params.partial_o = GetPtrFromBaseOffset<DTypeO>(workspace, offset);
  out[threadIdx.x] = params.partial_o[threadIdx.x];
}
