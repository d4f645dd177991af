// RUN-TARGETS: sm_80
// RUN-NVRTC-COMPILES: -
// Block-wide barriers where only some threads arrive: NVRTC compiles every one of these.
__global__ void first_warp_only(float* out, const float* in) {
  __shared__ float tile[256];
  tile[threadIdx.x] = in[threadIdx.x];
  if (threadIdx.x < 32) {
    // expected-warning@+1 {{'__syncthreads' inside a branch whose condition depends on threadIdx: threads that do not reach it leave the block waiting [JG006]}}
    __syncthreads();
    out[threadIdx.x] = tile[threadIdx.x + 32];
  }
  __syncthreads();  // every thread reaches this one
}

__global__ void through_a_local(int* out) {
  int lane = threadIdx.x % 32;
  int leader = lane == 0;
  if (leader) {
    // expected-warning@+1 {{'__syncthreads_count' inside a branch whose condition depends on threadIdx: threads that do not reach it leave the block waiting [JG006]}}
    out[blockIdx.x] = __syncthreads_count(1);
  } else {
    // expected-warning@+1 {{'__syncthreads' inside a branch whose condition depends on threadIdx: threads that do not reach it leave the block waiting [JG006]}}
    __syncthreads();
  }
}

__global__ void strided_loop(float* data, int n) {
  for (int i = threadIdx.x; i < n; i += blockDim.x) {
    data[i] *= 2.0f;
    // expected-warning@+1 {{'__syncthreads' inside a loop whose condition depends on threadIdx: threads that do not reach it leave the block waiting [JG006]}}
    __syncthreads();
  }
}

__global__ void by_warp(float* data) {
  switch (threadIdx.x / 32) {
    case 0:
      // expected-warning@+1 {{'__syncthreads' inside a switch whose value depends on threadIdx: threads that do not reach it leave the block waiting [JG006]}}
      __syncthreads();
      break;
    default:
      break;
  }
}

// uniform conditions: every thread of the block takes the same side
__global__ void uniform(float* data, int n, bool flag) {
  if (blockIdx.x == 0 && flag) {
    __syncthreads();
  }
  for (int step = 0; step < n; ++step) {
    data[threadIdx.x] += 1.0f;
    __syncthreads();
  }
  int half = blockDim.x / 2;
  if (half > 16) {
    __syncthreads();
  }
}

// a barrier after the divergent part, and a function of the unit's own named like one
__device__ void __syncthreads_or_not(int) {}

__global__ void barrier_after(float* data) {
  if (threadIdx.x == 0) {
    data[0] = 1.0f;
    __syncthreads_or_not(0);
  }
  __syncthreads();
}
