// Shared-memory barriers (mbarrier, sm_80 on) with phases: the hand-overs of the decode pipeline.
//
// A barrier completes a phase when its expected arrivals are in (and, on sm_90, when the bytes
// that tensor copies report to it have landed); waiters name the phase by its parity (phase k:
// k % 2). Named barriers (bar.sync) synchronise a subset of the block's warps.
#pragma once

namespace jitguard {
namespace mla {

__device__ __forceinline__ void BarrierInit(unsigned bar, unsigned arrivals) {
  asm volatile("mbarrier.init.shared::cta.b64 [%0], %1;" ::"r"(bar), "r"(arrivals) : "memory");
}

__device__ __forceinline__ void BarrierArrive(unsigned bar) {
  asm volatile("mbarrier.arrive.shared::cta.b64 _, [%0];" ::"r"(bar) : "memory");
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
#if defined(__CUDA_ARCH__) && (__CUDA_ARCH__ >= 900)
    asm volatile(
        "{\n.reg .pred p;\n"
        "mbarrier.try_wait.parity.shared::cta.b64 p, [%1], %2;\n"
        "selp.u32 %0, 1, 0, p;\n}\n"
        : "=r"(done)
        : "r"(bar), "r"(parity)
        : "memory");
#else
    asm volatile(
        "{\n.reg .pred p;\n"
        "mbarrier.test_wait.parity.shared::cta.b64 p, [%1], %2;\n"
        "selp.u32 %0, 1, 0, p;\n}\n"
        : "=r"(done)
        : "r"(bar), "r"(parity)
        : "memory");
#endif
  }
}

// Synchronises the `threads` threads (whole warps) that use barrier `id` (1..15; 0 is __syncthreads).
__device__ __forceinline__ void NamedBarrierSync(unsigned id, unsigned threads) {
  asm volatile("bar.sync %0, %1;" ::"r"(id), "r"(threads) : "memory");
}

}  // namespace mla
}  // namespace jitguard
