// The kernel cache's fixture: what it reads is this file, inc/scale.cuh and inc/deep/factor.cuh.
#include <scale.cuh>

namespace cache_test {
template <typename T>
__global__ void scale(T* x, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) {
    x[i] = Scaled(x[i]);
  }
}
}  // namespace cache_test
