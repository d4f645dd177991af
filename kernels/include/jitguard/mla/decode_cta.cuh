// One CTA of absorbed MLA decode: 64 heads of one request over one kv chunk, on tensor cores.
//
// For each head h and kv position t of the chunk:
//   score[h][t] = (q_nope[h] . ckv[t] + q_pe[h] . kpe[t]) * sm_scale
//   o[h] = softmax_t(score[h]) . ckv, lse[h] = logsumexp_t(score[h])
// computed with an online softmax over tiles of Layout::kTile positions (log2 units inside).
//
// The two warpgroups are specialised and run ahead of each other, FlashMLA-style.
// Warpgroup 0 (the scorer), per tile t:
//   wait for tile t; s = q . k^T; online softmax;
//   once warpgroup 1 is done with the last p, leave p and the rows' rescale factors in shared memory;
//   o[:, 0:c] += p . v with p straight from its registers; release the tile.
// Warpgroup 1 (the accumulator and copier), per tile t:
//   wait for p; o[:, c:512] += p . v (p from shared memory); release p and the tile;
//   once both have released it, refill the tile's buffer with tile t + kStages.
// So warpgroup 0 scores tile t + 1 while warpgroup 1 still accumulates tile t. Every hand-over is
// an mbarrier (phases, not block-wide barriers). The split c (Layout::kScorerCols) sets how much of
// p . v stays on the scorer's chain.
//
// Which tensor-core instructions do the products is the Mma policy's business (mma_sm80.cuh:
// mma.sync, any GPU from sm_80 on; mma_sm90.cuh: wgmma), and how kv tiles arrive is the Copier's
// (kv_copy.cuh: cp.async; copy_sm90.cuh: tensor copies).
#pragma once
#include "barrier.cuh"
#include "decode_common.cuh"

namespace jitguard {
namespace mla {

// Tile length and pipeline depth, chosen per target by the shared memory a block may use, and the
// c_kv columns of o the scorer accumulates (the accumulator takes the rest).
template <unsigned TileTokens, unsigned Stages, unsigned ScorerCols = kHeadDimCkv / 2>
struct DecodeLayout {
  static constexpr unsigned kTile = TileTokens;
  static constexpr unsigned kStages = Stages;
  static constexpr unsigned kScorerCols = ScorerCols;
  static constexpr unsigned kAccumulatorCols = kHeadDimCkv - ScorerCols;
  static constexpr unsigned kCtasPerSm = 1;  // q and the tiles fill the shared memory
  static constexpr unsigned kStageBytes = kTile * kHeadDimQk * 2;
  static constexpr unsigned kKvOffset = kHeadsPerCta * kHeadDimQk * 2;  // after q
  static constexpr unsigned kPOffset = kKvOffset + kStages * kStageBytes;
  static constexpr unsigned kRowOffset = kPOffset + kHeadsPerCta * kLineBytes;  // scale, sum, max per row
  static constexpr unsigned kBarrierOffset = kRowOffset + 3 * kHeadsPerCta * sizeof(float);
  // full[kStages], empty[kStages], p_ready, p_free
  static constexpr unsigned kSmemBytes = kBarrierOffset + (2 * kStages + 2) * 8;
  static_assert(kTile % 16 == 0 && kTile <= kBlockCols, "p rows hold up to 64 positions, in steps of 16");
  static_assert(kStageBytes % 1024 == 0 && kKvOffset % 1024 == 0, "tiles start on the 1024-byte swizzle period");
  static_assert(kScorerCols % 64 == 0 && kScorerCols < kHeadDimCkv, "o splits on 64-column blocks");
};

template <typename Layout, typename Mma, template <unsigned, class, class, class, class> class Copier,
          typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
__device__ __forceinline__ void RunDecodeCta(const MLAParams<DTypeQ, DTypeKV, DTypeO, IdType>& p, unsigned char* smem) {
  using L = Layout;
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
  // full + 8s: stage s holds its tile; empty + 8s: both warpgroups are done with it.
  const unsigned full = base + L::kBarrierOffset;
  const unsigned empty = full + 8 * L::kStages;
  const unsigned p_ready = empty + 8 * L::kStages;  // warpgroup 0 left p and row_scale
  const unsigned p_free = p_ready + 8;              // warpgroup 1 is done reading them

  if (threadIdx.x == 0) {
    for (unsigned s = 0; s < L::kStages; ++s) {
      BarrierInit(full + 8 * s, 128);
      BarrierInit(empty + 8 * s, kThreads);
    }
    BarrierInit(p_ready, 128);
    BarrierInit(p_free, 128);
  }
  __syncthreads();  // the barriers exist before anyone arrives

  const Copier<kTile, DTypeQ, DTypeKV, DTypeO, IdType> copier(p, p.kv_page_indices + p.kv_indptr[req], kv_begin,
                                                               kv_end, tid);
  long long next_row = -1;  // warpgroup 1: the cache row of its next copy, looked up a tile early
  // q before warpgroup 1's first kv copies: IssueQ commits every cp.async issued so far, and
  // WaitForQ waits for that group alone.
  IssueQ<DTypeQ, DTypeKV>(smem, p.q_nope, p.q_pe, req, head0, p.num_heads);
  if (group == 1) {
    for (unsigned s = 0; s < L::kStages; ++s) {
      if (s < num_tiles) copier.Issue(kv_addr + s * L::kStageBytes, copier.Row(s), full + 8 * s);
    }
    if (L::kStages < num_tiles) next_row = copier.Row(L::kStages);
  }
  WaitForQ<DTypeQ, DTypeKV>();
  Mma::FenceOperands();
  __syncthreads();  // q is in shared memory for both warpgroups

  if (group == 0) {
    float o[4 * L::kScorerCols / 8];
#pragma unroll
    for (unsigned i = 0; i < 4 * L::kScorerCols / 8; ++i) o[i] = 0.f;
    float m_run[2] = {negative_infinity(), negative_infinity()};
    float d_run[2] = {0.f, 0.f};  // this thread's share of the row sums
    const float scale_log2 = p.sm_scale * kLog2e;
    float s[4 * kTile / 8];
    for (long long tile = 0; tile < num_tiles; ++tile) {
      const unsigned stage = (unsigned)(tile % L::kStages);
      const unsigned tile_addr = kv_addr + stage * L::kStageBytes;
      const unsigned valid = TileLength(kv_begin, kv_end, tile, kTile);
      BarrierWait(full + 8 * stage, (unsigned)(tile / L::kStages) & 1u);
      Mma::FenceOperands();  // what cp.async wrote, before the tensor cores read it
      Mma::template Scores<DTypeKV, kTile, kTile, kHeadsPerCta>(s, q_addr, tile_addr, warp, 0);

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
      Mma::FenceOperands();
      if (valid < kTile) NamedBarrierSync(1, 128);  // every zero is in before this warpgroup's p.v
      BarrierArrive(p_ready);

      RescaleRows<L::kScorerCols>(o, rescale[0], rescale[1]);
      Mma::template AccumulatePvFromScores<DTypeKV, kTile, L::kScorerCols>(o, s, tile_addr, warp, 0);
      BarrierArrive(empty + 8 * stage);
    }

    // The row sums and maxima, for both warpgroups' epilogues.
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
    NamedBarrierSync(2, kThreads);
    StoreRows<L::kScorerCols>(p, o, w, row0, 0, true, lane, row_sum, row_max);
  } else {
    float o[4 * L::kAccumulatorCols / 8];
#pragma unroll
    for (unsigned i = 0; i < 4 * L::kAccumulatorCols / 8; ++i) o[i] = 0.f;
    for (long long tile = 0; tile < num_tiles; ++tile) {
      const unsigned stage = (unsigned)(tile % L::kStages);
      const unsigned tile_addr = kv_addr + stage * L::kStageBytes;
      BarrierWait(full + 8 * stage, (unsigned)(tile / L::kStages) & 1u);
      BarrierWait(p_ready, (unsigned)tile & 1u);
      Mma::FenceOperands();
      RescaleRows<L::kAccumulatorCols>(o, row_scale[row0], row_scale[row0 + 8]);
      Mma::template AccumulatePv<DTypeKV, kTile, kHeadsPerCta, L::kAccumulatorCols>(o, p_addr, tile_addr, warp,
                                                                                    L::kScorerCols);
      BarrierArrive(p_free);
      BarrierArrive(empty + 8 * stage);
      const long long refill = tile + L::kStages;
      if (refill < num_tiles) {
        BarrierWait(empty + 8 * stage, (unsigned)(tile / L::kStages) & 1u);  // warpgroup 0 is done with it too
        copier.Issue(tile_addr, next_row, full + 8 * stage);
        if (refill + 1 < num_tiles) next_row = copier.Row(refill + 1);
      }
    }
    NamedBarrierSync(2, kThreads);  // warpgroup 0 left the row sums and maxima
    StoreRows<L::kAccumulatorCols>(p, o, w, row0, L::kScorerCols, false, lane, row_sum, row_max);
  }
}

}  // namespace mla
}  // namespace jitguard
