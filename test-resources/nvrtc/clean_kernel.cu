// expected-no-diagnostics
#include <cuda_bf16.h>

namespace demo {
template <typename T>
__global__ void scale(T* x, float s, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] = static_cast<T>(static_cast<float>(x[i]) * s);
}
}  // namespace demo
