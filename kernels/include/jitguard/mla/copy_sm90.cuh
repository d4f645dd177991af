// Hopper's bulk tensor copy engine (TMA): copies of kv boxes that report their bytes to an
// mbarrier, so a tile's buffer completes when its bytes have landed.
#pragma once
#include "kv_copy.cuh"

#if defined(__CUDA_ARCH__) && (__CUDA_ARCH__ < 900)
#error "mbarrier transaction counts and tensor copies need sm_90 or newer"
#endif

namespace jitguard {
namespace mla {

// Announces `bytes` more to land in the current phase (before the copies that bring them).
__device__ __forceinline__ void BarrierExpectBytes(unsigned bar, unsigned bytes) {
  asm volatile("mbarrier.expect_tx.relaxed.cta.shared::cta.b64 [%0], %1;" ::"r"(bar), "r"(bytes) : "memory");
}

// Copies the box at (col, row) of the 2-D tensor map `map` (in kernel parameter or global memory)
// into shared memory at `dst`, reporting its bytes to barrier `bar`.
__device__ __forceinline__ void TensorCopy2d(unsigned dst, const void* map, int col, int row, unsigned bar) {
  asm volatile(
      "cp.async.bulk.tensor.2d.shared::cluster.global.tile.mbarrier::complete_tx::bytes [%0], [%1, {%2, %3}], [%4];"
      ::"r"(dst), "l"(map), "r"(col), "r"(row), "r"(bar)
      : "memory");
}

// kv tiles through tensor copies when the host passed tensor maps (p.kv_box_rows != 0): one thread
// of warpgroup 1 per box of kv_box_rows rows (boxes never cross a page), the other threads only
// arrive. Without maps, cp.async by all of warpgroup 1. Either way a tile completes on its `full`
// barrier, which expects one arrival per thread of warpgroup 1.
template <unsigned Tile, typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
struct TensorKvCopier {
  CpAsyncKvCopier<Tile, DTypeQ, DTypeKV, DTypeO, IdType> fallback;
  unsigned box_rows;

  __device__ __forceinline__ TensorKvCopier(const MLAParams<DTypeQ, DTypeKV, DTypeO, IdType>& p, const IdType* pages,
                                            long long begin, long long end, unsigned tid)
      : fallback(p, pages, begin, end, tid), box_rows(p.kv_box_rows) {}

  // The cache row of the first position of this thread's box in tile `tile` (-1: no box), or of
  // its cp.async row without maps.
  __device__ __forceinline__ long long Row(long long tile) const {
    if (box_rows == 0) return fallback.Row(tile);
    if (fallback.tid >= Tile / box_rows) return -1;
    return fallback.RowAt(tile, fallback.tid * box_rows);
  }

  // Fills the buffer at `dst` with the tile whose row this thread looked up; completes on `full`.
  __device__ __forceinline__ void Issue(unsigned dst, long long row, unsigned full) const {
    if (box_rows == 0) {
      fallback.Issue(dst, row, full);
      return;
    }
    if (row >= 0) {
      const unsigned box = dst + fallback.tid * box_rows * kLineBytes;
      BarrierExpectBytes(full, kQkBlocks * box_rows * kLineBytes);
#pragma unroll
      for (unsigned j = 0; j < kHeadDimCkv / kBlockCols; ++j) {
        TensorCopy2d(box + j * Tile * kLineBytes, &fallback.p.ckv_map, (int)(j * kBlockCols), (int)row, full);
      }
      TensorCopy2d(box + (kQkBlocks - 1) * Tile * kLineBytes, &fallback.p.kpe_map, 0, (int)row, full);
    }
    BarrierArrive(full);
  }
};

}  // namespace mla
}  // namespace jitguard
