// Clean code whose include of cuda_fp8.h makes NVRTC 13.3 print three #1444-D warnings per compile.
#include <cuda_fp8.h>

template <typename T>
__global__ void to_fp8(const T* in, __nv_fp8_e4m3* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = __nv_fp8_e4m3(static_cast<float>(in[i]));
}
