// RUN-TARGETS: sm_90a
// expected-no-diagnostics
// A template analysed with its parameters unbound must not take a member of some specialization:
// which one applies is not known until it is instantiated (flashinfer's trtllm_allreduce.cuh
// calls vec_t<T, VEC_SIZE>::store_global_volatile with an int4*, right for every T it is used with).
#include <cuda_fp16.h>

template <typename T, int N>
struct vec_t {
  __device__ void store_volatile(float* addr) const {}
};

template <int N>
struct vec_t<__half, N> {
  __device__ void store_volatile(int4* addr) const {}
};

template <typename T, int N>
__device__ void reduce(int4* shared) {
  vec_t<T, N> v;
  v.store_volatile(shared);
}

__global__ void all_reduce(int4* shared) {
  reduce<__half, 8>(shared);
}
