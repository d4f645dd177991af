// The copies of kv tiles into the decode pipeline's buffers with cp.async (sm_80 on), issued by
// the 128 threads of warpgroup 1; a tile completes on its `full` barrier with one arrival per
// thread, once that thread's copies have landed.
#pragma once
#include "barrier.cuh"
#include "decode_common.cuh"

namespace jitguard {
namespace mla {

template <unsigned Tile, typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
struct CpAsyncKvCopier {
  static constexpr unsigned kLoaders = 128;
  const MLAParams<DTypeQ, DTypeKV, DTypeO, IdType>& p;
  const IdType* pages;
  long long begin;
  long long end;
  unsigned tid;  // within warpgroup 1

  __device__ __forceinline__ CpAsyncKvCopier(const MLAParams<DTypeQ, DTypeKV, DTypeO, IdType>& params,
                                             const IdType* page_indices, long long kv_begin, long long kv_end,
                                             unsigned thread)
      : p(params), pages(page_indices), begin(kv_begin), end(kv_end), tid(thread) {}

  // The cache row of position `pos` of tile `tile` (-1 past the chunk's end).
  __device__ __forceinline__ long long RowAt(long long tile, unsigned pos) const {
    return TileRow(pages, p.page_size, begin + tile * Tile, pos, TileLength(begin, end, tile, Tile));
  }

  // The cache row this thread copies for tile `tile`, looked up a tile early so the page-table
  // read is off the critical path.
  __device__ __forceinline__ long long Row(long long tile) const { return RowAt(tile, tid / (kLoaders / Tile)); }

  // Fills the buffer at `dst` with the tile whose row this thread looked up; completes on `full`.
  __device__ __forceinline__ void Issue(unsigned dst, long long row, unsigned full) const {
    LoadKvTile<Tile, kLoaders>(dst, p.ckv, p.kpe, row, tid);
    BarrierArriveOnCopies(full);
  }
};

}  // namespace mla
}  // namespace jitguard
