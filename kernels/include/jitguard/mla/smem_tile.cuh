// Shared-memory layout of the decode operands, and the asynchronous copies that fill it.
//
// Every operand (q, a kv tile, the probabilities p) is a matrix of 16-bit values with rows of up to
// 576 columns, stored as column blocks of 64 values: block j holds columns [64j, 64j + 64) of every
// row, one 128-byte line per row. Inside a line the eight 16-byte chunks are XOR-swizzled by the
// row (chunk c of row r sits at c ^ (r % 8)), the 128-byte swizzle of the Hopper tensor cores, so
// both wgmma descriptors and ldmatrix read it without bank conflicts. A kv tile is read as
// "K" (token rows, 576 columns) by q.k and as "V" (the 512 c_kv columns, token rows) by p.v.
#pragma once
#include "params.cuh"

namespace jitguard {
namespace mla {

constexpr unsigned kBlockCols = 64;                       // 16-bit values per 128-byte line
constexpr unsigned kLineBytes = 128;
constexpr unsigned kQkBlocks = kHeadDimQk / kBlockCols;   // 9: eight of c_kv, one of k_pe
constexpr unsigned kChunksPerRow = kHeadDimQk * 2 / 16;   // 72 copies of 16 bytes per kv row

__device__ __forceinline__ unsigned smem_addr(const void* p) {
  return static_cast<unsigned>(__cvta_generic_to_shared(p));
}

// Byte offset of the 16-byte chunk holding column `col` (a multiple of 8) of `row` in a region of
// `rows` rows.
__device__ __forceinline__ unsigned SwizzledOffset(unsigned rows, unsigned row, unsigned col) {
  const unsigned block = col / kBlockCols;
  const unsigned chunk = (col % kBlockCols) / 8;
  return block * rows * kLineBytes + row * kLineBytes + ((chunk ^ (row % 8)) * 16);
}

// 16 bytes from global to shared memory without passing through registers; bytes beyond
// `src_bytes` (0 or 16) are zero-filled, so padding rows of a tile read as zeros, never garbage.
__device__ __forceinline__ void CopyAsync16(unsigned dst, const void* src, unsigned src_bytes) {
  asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;" ::"r"(dst), "l"(src), "r"(src_bytes)
               : "memory");
}

// Commits this thread's cp.async issued so far, and not yet committed, as one group.
__device__ __forceinline__ void CopyAsyncCommitGroup() { asm volatile("cp.async.commit_group;" ::: "memory"); }

// Waits until every committed group of this thread's cp.async has landed (cp.async issued after
// the last commit are not waited for).
__device__ __forceinline__ void CopyAsyncWaitGroups() { asm volatile("cp.async.wait_group 0;" ::: "memory"); }

// The row of a kv position in the paged cache.
template <typename IdType>
__device__ __forceinline__ long long KvRow(const IdType* pages, unsigned page_size, long long pos) {
  return (long long)pages[pos / page_size] * page_size + pos % page_size;
}

// The kv row a thread copies for tile position `t` of the positions [t0, t0 + valid), or -1 past
// the end. Looked up one tile ahead, so the page-table read is off the critical path.
template <typename IdType>
__device__ __forceinline__ long long TileRow(const IdType* pages, unsigned page_size, long long t0, unsigned t,
                                             unsigned valid) {
  return t < valid ? KvRow(pages, page_size, t0 + t) : -1;
}

// Issues the copies of one kv tile of `Tile` rows at `tile_addr` by `Threads` loading threads,
// Threads / Tile per row: loader i copies row i / (Threads / Tile), whose cache row is `row`
// (-1: zero-fill).
template <unsigned Tile, unsigned Threads, typename DTypeKV>
__device__ __forceinline__ void LoadKvTile(unsigned tile_addr, const DTypeKV* ckv, const DTypeKV* kpe, long long row,
                                           unsigned loader) {
  static_assert(sizeof(DTypeKV) == 2, "the tensor-core tiles hold 16-bit values");
  constexpr unsigned kPerRow = Threads / Tile;
  static_assert(Threads % Tile == 0 && (kHeadDimCkv / 8) % kPerRow == 0, "whole rows per thread group");
  const unsigned t = loader / kPerRow;
  const unsigned first = loader % kPerRow;
  const unsigned bytes = row >= 0 ? 16u : 0u;
  const long long r = row >= 0 ? row : 0;
  const DTypeKV* ckv_row = ckv + r * kHeadDimCkv;
  const DTypeKV* kpe_row = kpe + r * kHeadDimKpe;
#pragma unroll
  for (unsigned k = 0; k < (kChunksPerRow + kPerRow - 1) / kPerRow; ++k) {
    const unsigned c = first + k * kPerRow;
    if (c < kChunksPerRow) {
      const void* src = k < kHeadDimCkv / 8 / kPerRow ? static_cast<const void*>(ckv_row + c * 8)
                                                      : static_cast<const void*>(kpe_row + (c - kHeadDimCkv / 8) * 8);
      CopyAsync16(tile_addr + SwizzledOffset(Tile, t, c * 8), src, bytes);
    }
  }
}

}  // namespace mla
}  // namespace jitguard
