// Compiles, with one warning: an unused constant (#177-D).
constexpr int kUnused = 1;

template <typename T>
__global__ void scale(T* x, T s) { x[threadIdx.x] *= s; }
