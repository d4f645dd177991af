// One CTA of absorbed MLA decode on Hopper: 64 heads of one request over one kv chunk, with the two
// warpgroups specialised and running ahead of each other, FlashMLA-style.
//
// Warpgroup 0 (the scorer), per 64-position tile t:
//   wait for tile t; s = q . k^T (wgmma, both from shared memory); online softmax;
//   once warpgroup 1 is done with the last p, leave p and the rows' rescale factors in shared memory;
//   o[:, 0:256] += p . v with p straight from its registers; release the tile.
// Warpgroup 1 (the accumulator and copier), per tile t:
//   wait for p; o[:, 256:512] += p . v (p from shared memory); release p and the tile;
//   once both have released it, refill the tile's buffer with tile t + 2.
// So warpgroup 0 scores tile t + 1 while warpgroup 1 still accumulates tile t, and the tensor
// cores idle only while warpgroup 0 runs its softmax. Every hand-over is an mbarrier (phases, not
// block-wide barriers).
//
// kv tiles arrive through the tensor copy engine (one thread per box of kv_box_rows rows, boxes
// never crossing a page) when the host passed tensor maps, else through cp.async by all of
// warpgroup 1; either way they complete on the tile's `full` barrier.
#pragma once
#include "copy_sm90.cuh"
#include "decode_common.cuh"
#include "mma_sm90.cuh"

namespace jitguard {
namespace mla {

struct Sm90Layout {
  static constexpr unsigned kTile = 64;
  static constexpr unsigned kStages = 2;
  static constexpr unsigned kCtasPerSm = 1;
  static constexpr unsigned kStageBytes = kTile * kHeadDimQk * 2;
  static constexpr unsigned kKvOffset = kHeadsPerCta * kHeadDimQk * 2;  // after q
  static constexpr unsigned kPOffset = kKvOffset + kStages * kStageBytes;
  static constexpr unsigned kRowOffset = kPOffset + kHeadsPerCta * kLineBytes;  // scale, sum, max per row
  static constexpr unsigned kBarrierOffset = kRowOffset + 3 * kHeadsPerCta * sizeof(float);
  // full[2], empty[2], p_ready, p_free
  static constexpr unsigned kSmemBytes = kBarrierOffset + 6 * 8;
  static_assert(kStageBytes % 1024 == 0 && kKvOffset % 1024 == 0, "tiles start on the 1024-byte swizzle period");
};

// The copies of kv tiles into the stage buffers, issued by warpgroup 1.
template <typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
struct KvTileCopier {
  const MLAParams<DTypeQ, DTypeKV, DTypeO, IdType>& p;
  const IdType* pages;
  long long begin;
  long long end;
  unsigned tid;      // within warpgroup 1
  unsigned box_rows;  // 0: cp.async

  // The tile position whose cache row this thread looks up: its box's first row, or its cp.async row.
  __device__ __forceinline__ unsigned Position() const { return box_rows != 0 ? tid * box_rows : tid / 2; }

  __device__ __forceinline__ long long Row(long long tile) const {
    const unsigned valid = TileLength(begin, end, tile, Sm90Layout::kTile);
    if (box_rows != 0 && tid >= Sm90Layout::kTile / box_rows) return -1;
    return TileRow(pages, p.page_size, begin + tile * Sm90Layout::kTile, Position(), valid);
  }

  // Fills the buffer at `dst` with the tile whose row this thread looked up; completes on `full`.
  __device__ __forceinline__ void Issue(unsigned dst, long long row, unsigned full) const {
    if (box_rows != 0) {
      if (row >= 0) {
        const unsigned box = dst + Position() * kLineBytes;
        BarrierExpectBytes(full, kQkBlocks * box_rows * kLineBytes);
#pragma unroll
        for (unsigned j = 0; j < kHeadDimCkv / kBlockCols; ++j) {
          TensorCopy2d(box + j * Sm90Layout::kTile * kLineBytes, &p.ckv_map, (int)(j * kBlockCols), (int)row, full);
        }
        TensorCopy2d(box + (kQkBlocks - 1) * Sm90Layout::kTile * kLineBytes, &p.kpe_map, 0, (int)row, full);
      }
      BarrierArrive(full);
    } else {
      LoadKvTile<Sm90Layout::kTile, 128>(dst, p.ckv, p.kpe, row, tid);
      BarrierArriveOnCopies(full);
    }
  }
};

template <typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
__device__ __forceinline__ void RunDecodeCtaSm90(const MLAParams<DTypeQ, DTypeKV, DTypeO, IdType>& p,
                                                 unsigned char* smem) {
  using L = Sm90Layout;
  constexpr unsigned kTile = L::kTile;
  const unsigned work = blockIdx.y;
  if (work >= (unsigned)p.plan_info[0]) return;  // the grid is sized for the plan's upper bound

  const unsigned base = smem_addr(smem);
  if (base % 1024 != 0) __trap();  // the swizzle (wgmma, tensor copies) needs 1024-byte aligned regions
  const unsigned lane = threadIdx.x % 32;
  const unsigned group = threadIdx.x / 128;
  const unsigned tid = threadIdx.x % 128;        // within the warpgroup
  const unsigned warp = tid / 32;                // within the warpgroup
  const unsigned row0 = 16 * warp + lane / 4;    // this thread's rows: row0 and row0 + 8

  const CtaWork w = WorkOfThisCta(p);
  const unsigned req = w.req;
  const long long kv_begin = w.kv_begin;
  const long long kv_end = w.kv_end;
  const unsigned head0 = w.head0;
  const long long num_tiles = (kv_end - kv_begin + kTile - 1) / kTile;

  const unsigned q_addr = base;
  const unsigned kv_addr = base + L::kKvOffset;
  const unsigned p_addr = base + L::kPOffset;
  float* row_scale = reinterpret_cast<float*>(smem + L::kRowOffset);  // the tile's rescale factors
  float* row_sum = row_scale + kHeadsPerCta;
  float* row_max = row_sum + kHeadsPerCta;
  const unsigned bars = base + L::kBarrierOffset;
  const unsigned p_ready = bars + 32;  // warpgroup 0 left p and row_scale
  const unsigned p_free = bars + 40;   // warpgroup 1 is done reading them
  // full + 8s: stage s holds its tile; empty + 8s: both warpgroups are done with it.
  const unsigned full = bars;
  const unsigned empty = bars + 16;

  if (threadIdx.x == 0) {
    for (unsigned s = 0; s < L::kStages; ++s) {
      BarrierInit(full + 8 * s, 128);
      BarrierInit(empty + 8 * s, kThreads);
    }
    BarrierInit(p_ready, 128);
    BarrierInit(p_free, 128);
  }
  __syncthreads();  // the barriers exist before anyone arrives

  const KvTileCopier<DTypeQ, DTypeKV, DTypeO, IdType> copier{
      p, p.kv_page_indices + p.kv_indptr[req], kv_begin, kv_end, tid, p.kv_box_rows};
  long long next_row = -1;  // warpgroup 1: the cache row of its next copy, looked up a tile early
  if (group == 1) {
    for (unsigned s = 0; s < L::kStages; ++s) {
      if (s < num_tiles) copier.Issue(kv_addr + s * L::kStageBytes, copier.Row(s), full + 8 * s);
    }
    if (L::kStages < num_tiles) next_row = copier.Row(L::kStages);
  }
  LoadQ<DTypeQ, DTypeKV>(smem, p.q_nope, p.q_pe, req, head0, p.num_heads);
  FenceSharedForTensorCores();
  __syncthreads();  // q is in shared memory for both warpgroups

  float o[4 * kOutCols / 8];
#pragma unroll
  for (unsigned i = 0; i < 4 * kOutCols / 8; ++i) o[i] = 0.f;
  float m_run[2] = {negative_infinity(), negative_infinity()};
  float d_run[2] = {0.f, 0.f};  // this thread's share of the row sums

  if (group == 0) {
    const float scale_log2 = p.sm_scale * kLog2e;
    float s[kScoreRegs];
    for (long long tile = 0; tile < num_tiles; ++tile) {
      const unsigned stage = (unsigned)(tile % L::kStages);
      const unsigned tile_addr = kv_addr + stage * L::kStageBytes;
      const unsigned valid = TileLength(kv_begin, kv_end, tile, kTile);
      BarrierWait(full + 8 * stage, (unsigned)(tile / L::kStages) & 1u);
      FenceSharedForTensorCores();  // what cp.async wrote, before the tensor cores read it
      WarpgroupMma::Scores<DTypeKV, kTile, kTile, kHeadsPerCta>(s, q_addr, tile_addr, warp, 0);

      float rescale[2];
#pragma unroll
      for (unsigned r = 0; r < 2; ++r) {
        const float mx = ScaleMaskRowMax<kTile>(s, r, 0, valid, scale_log2, lane);
        rescale[r] = ExpRow<kTile>(s, r, mx, m_run[r], d_run[r]);
      }

      if (tile > 0) BarrierWait(p_free, (unsigned)(tile - 1) & 1u);  // warpgroup 1 is done with the last p
#pragma unroll
      for (unsigned r = 0; r < 2; ++r) {
        const unsigned row = row0 + 8 * r;
        if (lane % 4 == 0) row_scale[row] = rescale[r];
#pragma unroll
        for (unsigned n = 0; n < kTile / 8; ++n) {
          *reinterpret_cast<unsigned*>(smem + L::kPOffset + SwizzledOffset(kHeadsPerCta, row, 8 * n) +
                                       4 * (lane % 4)) = PackPair(DTypeKV(), s[4 * n + 2 * r], s[4 * n + 2 * r + 1]);
        }
      }
      if (valid < kTile) {
        // The last tile of the request: rows past its end may hold anything (a stale tile, cache
        // slots past the length, never-written shared memory) and 0 * NaN is NaN, so zero them.
        for (unsigned i = tid; i < (kTile - valid) * kChunksPerRow; i += 128) {
          const unsigned row = valid + i / kChunksPerRow;
          *reinterpret_cast<uint4*>(smem + L::kKvOffset + stage * L::kStageBytes +
                                    SwizzledOffset(kTile, row, (i % kChunksPerRow) * 8)) = make_uint4(0u, 0u, 0u, 0u);
        }
      }
      FenceSharedForTensorCores();
      if (valid < kTile) NamedBarrierSync(1, 128);  // every zero is in before this warpgroup's p.v
      BarrierArrive(p_ready);

      RescaleRows(o, rescale[0], rescale[1]);
      WarpgroupMma::AccumulatePvFromScores<DTypeKV>(o, s, tile_addr, 0);
      BarrierArrive(empty + 8 * stage);
    }
  } else {
    for (long long tile = 0; tile < num_tiles; ++tile) {
      const unsigned stage = (unsigned)(tile % L::kStages);
      const unsigned tile_addr = kv_addr + stage * L::kStageBytes;
      BarrierWait(full + 8 * stage, (unsigned)(tile / L::kStages) & 1u);
      BarrierWait(p_ready, (unsigned)tile & 1u);
      FenceSharedForTensorCores();
      RescaleRows(o, row_scale[row0], row_scale[row0 + 8]);
      WarpgroupMma::AccumulatePv<DTypeKV, kTile, kHeadsPerCta, kOutCols>(o, p_addr, tile_addr, warp, kOutCols);
      BarrierArrive(p_free);
      BarrierArrive(empty + 8 * stage);
      const long long refill = tile + L::kStages;
      if (refill < num_tiles) {
        BarrierWait(empty + 8 * stage, (unsigned)(tile / L::kStages) & 1u);  // warpgroup 0 is done with it too
        copier.Issue(tile_addr, next_row, full + 8 * stage);
        if (refill + 1 < num_tiles) next_row = copier.Row(refill + 1);
      }
    }
  }

  // Row sums and maxima live in warpgroup 0.
  if (group == 0) {
#pragma unroll
    for (unsigned r = 0; r < 2; ++r) {
      float d = d_run[r];
      d += __shfl_xor_sync(0xffffffffu, d, 1);
      d += __shfl_xor_sync(0xffffffffu, d, 2);
      if (lane % 4 == 0) {
        row_sum[row0 + 8 * r] = d;
        row_max[row0 + 8 * r] = m_run[r];
      }
    }
  }
  __syncthreads();

  StoreRows<1>(p, o, w, row0, group, group == 0, lane, row_sum, row_max);
}

}  // namespace mla
}  // namespace jitguard
