// Hopper's asynchronous machinery for the decode pipeline: shared-memory barriers (mbarrier) with
// phases and transaction counts, and the bulk tensor copy engine (TMA) that fills them.
//
// A barrier completes a phase when its expected arrivals are in and, for copies that report to it,
// their bytes have landed; waiters name the phase by its parity (phase k: k % 2).
#pragma once
#include "smem_tile.cuh"

#if defined(__CUDA_ARCH__) && (__CUDA_ARCH__ < 900)
#error "mbarrier transaction counts and tensor copies need sm_90 or newer"
#endif

namespace jitguard {
namespace mla {

__device__ __forceinline__ void BarrierInit(unsigned bar, unsigned arrivals) {
  asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;" ::"r"(bar), "r"(arrivals) : "memory");
}

__device__ __forceinline__ void BarrierArrive(unsigned bar) {
  asm volatile("mbarrier.arrive.shared::cta.b64 _, [%0];" ::"r"(bar) : "memory");
}

// Announces `bytes` more to land in the current phase (before the copies that bring them).
__device__ __forceinline__ void BarrierExpectBytes(unsigned bar, unsigned bytes) {
  asm volatile("mbarrier.expect_tx.relaxed.cta.shared::cta.b64 [%0], %1;" ::"r"(bar), "r"(bytes) : "memory");
}

// One arrival once every cp.async this thread issued so far has landed (counted among the
// barrier's expected arrivals).
__device__ __forceinline__ void BarrierArriveOnCopies(unsigned bar) {
  asm volatile("cp.async.mbarrier.arrive.noinc.shared::cta.b64 [%0];" ::"r"(bar) : "memory");
}

// Waits until the phase of parity `parity` has completed.
__device__ __forceinline__ void BarrierWait(unsigned bar, unsigned parity) {
  unsigned done = 0;
  while (!done) {
    asm volatile(
        "{\n.reg .pred p;\n"
        "mbarrier.try_wait.parity.shared::cta.b64 p, [%1], %2;\n"
        "selp.u32 %0, 1, 0, p;\n}\n"
        : "=r"(done)
        : "r"(bar), "r"(parity)
        : "memory");
  }
}

// Synchronises the `threads` threads (whole warps) that use barrier `id` (1..15; 0 is __syncthreads).
__device__ __forceinline__ void NamedBarrierSync(unsigned id, unsigned threads) {
  asm volatile("bar.sync %0, %1;" ::"r"(id), "r"(threads) : "memory");
}

// Copies the box at (col, row) of the 2-D tensor map `map` (in kernel parameter or global memory)
// into shared memory at `dst`, reporting its bytes to barrier `bar`.
__device__ __forceinline__ void TensorCopy2d(unsigned dst, const void* map, int col, int row, unsigned bar) {
  asm volatile(
      "cp.async.bulk.tensor.2d.shared::cluster.global.tile.mbarrier::complete_tx::bytes [%0], [%1, {%2, %3}], [%4];"
      ::"r"(dst), "l"(map), "r"(col), "r"(row), "r"(bar)
      : "memory");
}

}  // namespace mla
}  // namespace jitguard
