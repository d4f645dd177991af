// RUN-TARGETS: sm_90a
// RUN-INSTANTIATE: store_chunks<__half, 8>
// RUN-INSTANTIATE: store_chunks<float, 4>
// RUN-INSTANTIATE: store_quads<float, 4>
// RUN-INSTANTIATE: store_quads<__half, 8>
// RUN-NVRTC-COMPILES: store_chunks<__half, 8>
// RUN-NVRTC-FAILS: store_chunks<float, 4>
// RUN-NVRTC-COMPILES: store_quads<float, 4>
// RUN-NVRTC-FAILS: store_quads<__half, 8>
// The vec_t pattern: a class template with a partial and an explicit specialization, each with its
// own member functions. The member of the specialization that applies to the instantiation is the
// one checked; another specialization's parameter types must not leak into it.
#include <cuda_fp16.h>

template <typename T, int N>
struct vec_t {
  T data[N];
  __device__ void store(T* out) const { out[0] = data[0]; }
  __device__ void store_raw(float* out) const {}
};

template <int N>
struct vec_t<__half, N> {  // half x N: stored as raw 16-byte chunks
  int4 data[N / 8];
  __device__ void store(__half* out) const {}
  __device__ void store_raw(int4* out) const {}  // expected-note {{passing argument 1 to parameter 'out' of 'store_raw' here}}
};

template <>
struct vec_t<float, 4> {
  float4 data;
  __device__ void store(float* out) const {}
  __device__ void store_raw(float4* out) const {}  // expected-note {{passing argument 1 to parameter 'out' of 'store_raw' here}}
};

template <typename T, int N>
__global__ void store_chunks(T* out, int4* chunks) {
  vec_t<T, N> v;
  v.store(out);
  v.store_raw(chunks);  // expected-error {{passing 'int4 *' to parameter of type 'float4 *' [JG002]}}
}

template <typename T, int N>
__global__ void store_quads(T* out, float4* quads) {
  vec_t<T, N> v;
  v.store(out);
  v.store_raw(quads);  // expected-error {{passing 'float4 *' to parameter of type 'int4 *' [JG002]}}
}
