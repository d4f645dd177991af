namespace bindings_test {
template <typename T>
__global__ void scale(T* x, T f) {
  x[threadIdx.x] *= f;
}
}  // namespace bindings_test
