// A "fast" variant whose Hopper instruction has no __CUDA_ARCH__ guard, and a manifest that
// claims it for sm_80 as well.
template <typename T>
__global__ void scale(T* x) {
  asm volatile("setmaxnreg.inc.sync.aligned.u32 240;");
  x[threadIdx.x] = x[threadIdx.x] * 2;
}
