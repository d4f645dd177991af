// A preferred variant that no longer compiles (as a stale Hopper path would).
template <typename T>
__global__ void scale(T* x, T factor, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] = x[i] * factor * undefined_helper();
}
