// One CTA of absorbed MLA decode: 64 heads of one request over one kv chunk, on tensor cores.
//
// For each head h and kv position t of the chunk:
//   score[h][t] = (q_nope[h] . ckv[t] + q_pe[h] . kpe[t]) * sm_scale
//   o[h] = softmax_t(score[h]) . ckv, lse[h] = logsumexp_t(score[h])
// computed with an online softmax over tiles of Tiling::kTile positions (log2 units inside).
//
// Two warpgroups of 128 threads. Per tile, the scorers multiply q (64 x 576) by the tile's keys into
// fp32 scores, run the online softmax and leave the probabilities p (in the kv type) in shared
// memory: with Tiling::kScorers == 1 warpgroup 0 alone (it also leaves each row's rescale factor),
// with 2 each warpgroup takes half the positions and they exchange row maxima first. Then both
// warpgroups rescale and accumulate o += p . v, warpgroup g owning c_kv columns [256g, 256g + 256).
// The next tiles stream in with cp.async, copied by every thread, while this one is computed
// (Tiling::kStages buffers). Which tensor-core instructions do the products is the variant's
// business: the Mma policy (mma_sm80.cuh, mma_sm90.cuh).
#pragma once
#include "decode_common.cuh"

namespace jitguard {
namespace mla {

// Tile length and pipeline depth, chosen per target by the shared memory a block may use, and
// how many warpgroups compute the scores (2: each takes half the tile's positions).
template <unsigned TileTokens, unsigned Stages, unsigned Scorers = 2>
struct DecodeTiling {
  static constexpr unsigned kTile = TileTokens;
  static constexpr unsigned kStages = Stages;
  static constexpr unsigned kScorers = Scorers;
  static constexpr unsigned kScoreCols = kTile / kScorers;  // positions each scoring warpgroup takes
  static constexpr unsigned kCtasPerSm = 1;                 // q and the tiles fill the shared memory
  static constexpr unsigned kQBytes = kHeadsPerCta * kHeadDimQk * 2;
  static constexpr unsigned kStageBytes = kTile * kHeadDimQk * 2;
  static constexpr unsigned kKvOffset = kQBytes;
  static constexpr unsigned kPOffset = kKvOffset + kStages * kStageBytes;
  static constexpr unsigned kRowOffset = kPOffset + kHeadsPerCta * kLineBytes;
  static constexpr unsigned kSmemBytes = kRowOffset + 3 * kHeadsPerCta * sizeof(float);  // see row_parts
  static_assert(kTile % 16 == 0 && kTile <= kBlockCols, "p rows hold up to 64 positions, in steps of 16");
  static_assert((kScorers == 1 || kScorers == 2) && kScoreCols % 8 == 0, "scores in blocks of 8 positions");
  static_assert(kStageBytes % 1024 == 0, "every operand region starts on a 1024-byte swizzle period");
};

template <typename Tiling, typename Mma, typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
__device__ __forceinline__ void RunDecodeCta(const MLAParams<DTypeQ, DTypeKV, DTypeO, IdType>& p, unsigned char* smem) {
  constexpr unsigned kTile = Tiling::kTile;
  constexpr unsigned kStages = Tiling::kStages;
  const unsigned work = blockIdx.y;
  if (work >= (unsigned)p.plan_info[0]) return;  // the grid is sized for the plan's upper bound

  const unsigned base = smem_addr(smem);
  if (base % 1024 != 0) __trap();  // the swizzle (and wgmma) assume 1024-byte aligned regions
  const unsigned lane = threadIdx.x % 32;
  const unsigned group = threadIdx.x / 128;
  const unsigned warp = (threadIdx.x / 32) % 4;  // within the warpgroup
  const unsigned row0 = 16 * warp + lane / 4;    // this thread's rows: row0 and row0 + 8

  const CtaWork w = WorkOfThisCta(p);
  const unsigned req = w.req;
  const long long kv_begin = w.kv_begin;
  const long long kv_end = w.kv_end;
  const unsigned head0 = w.head0;
  const IdType* pages = p.kv_page_indices + p.kv_indptr[req];
  const long long num_tiles = (kv_end - kv_begin + kTile - 1) / kTile;

  const unsigned q_addr = base;
  const unsigned kv_addr = base + Tiling::kKvOffset;
  const unsigned p_addr = base + Tiling::kPOffset;
  // Per-row exchange between the warpgroups: each scorer's tile maxima, then its row sums.
  // row_parts[g * kHeadsPerCta + row]: scoring warpgroup g's value for a row.
  float* row_parts = reinterpret_cast<float*>(smem + Tiling::kRowOffset);
  float* row_scale = row_parts + 2 * kHeadsPerCta;  // with one scorer: the tile's rescale factors
  float* row_max = row_scale;                     // reused once the last tile is done

  // Every thread copies kv tiles in (leaving it to the idle warpgroup alone measured slower).
  const unsigned my_pos = threadIdx.x / (kThreads / kTile);  // the tile position this thread copies
#pragma unroll
  for (unsigned s = 0; s + 1 < kStages; ++s) {
    if (s < num_tiles) {
      LoadKvTile<kTile, kThreads>(kv_addr + s * Tiling::kStageBytes, p.ckv, p.kpe,
                                  TileRow(pages, p.page_size, kv_begin + s * kTile, my_pos,
                                          TileLength(kv_begin, kv_end, s, kTile)),
                                  threadIdx.x);
    }
    CommitCopies();
  }
  long long next_row = kStages - 1 < num_tiles
      ? TileRow(pages, p.page_size, kv_begin + (kStages - 1) * kTile, my_pos,
                TileLength(kv_begin, kv_end, kStages - 1, kTile))
      : -1;
  LoadQ<DTypeQ, DTypeKV>(smem, p.q_nope, p.q_pe, req, head0, p.num_heads);

  float o[4 * kOutCols / 8];
#pragma unroll
  for (unsigned i = 0; i < 4 * kOutCols / 8; ++i) o[i] = 0.f;
  float s[kScoreRegs];
#pragma unroll
  for (unsigned i = 0; i < kScoreRegs; ++i) s[i] = 0.f;
  float m_run[2] = {negative_infinity(), negative_infinity()};
  float d_run[2] = {0.f, 0.f};  // this thread's share of the row sums
  const float scale_log2 = p.sm_scale * kLog2e;

  for (long long tile = 0; tile < num_tiles; ++tile) {
    const long long next = tile + kStages - 1;
    if (next < num_tiles) {
      LoadKvTile<kTile, kThreads>(kv_addr + (unsigned)(next % kStages) * Tiling::kStageBytes, p.ckv, p.kpe,
                                  next_row, threadIdx.x);
      if (next + 1 < num_tiles) {
        next_row = TileRow(pages, p.page_size, kv_begin + (next + 1) * kTile, my_pos,
                           TileLength(kv_begin, kv_end, next + 1, kTile));
      }
    }
    CommitCopies();
    WaitCopies<kStages - 1>();
    FenceSharedForTensorCores();
    __syncthreads();  // this tile (and q) is in shared memory for everyone
    const unsigned tile_addr = kv_addr + (unsigned)(tile % kStages) * Tiling::kStageBytes;
    const unsigned valid = TileLength(kv_begin, kv_end, tile, kTile);

    const bool scorer = Tiling::kScorers == 2 || group == 0;
    const unsigned col_base = Tiling::kScorers == 2 ? group * Tiling::kScoreCols : 0;
    float mx[2];
    if (scorer) {
      Mma::template Scores<DTypeKV, Tiling::kScoreCols, kTile, kHeadsPerCta>(s, q_addr, tile_addr, warp, col_base);
#pragma unroll
      for (unsigned r = 0; r < 2; ++r) {
        mx[r] = ScaleMaskRowMax<Tiling::kScoreCols>(s, r, col_base, valid, scale_log2, lane);
        if (Tiling::kScorers == 2 && lane % 4 == 0) row_parts[group * kHeadsPerCta + row0 + 8 * r] = mx[r];
      }
    }
    if (Tiling::kScorers == 2) __syncthreads();  // both halves' row maxima are in
    float rescale[2];
    if (scorer) {
#pragma unroll
      for (unsigned r = 0; r < 2; ++r) {
        const unsigned row = row0 + 8 * r;
        const float tile_max =
            Tiling::kScorers == 2 ? fmaxf(row_parts[row], row_parts[kHeadsPerCta + row]) : mx[r];
        rescale[r] = ExpRow<Tiling::kScoreCols>(s, r, tile_max, m_run[r], d_run[r]);
        if (Tiling::kScorers == 1 && lane % 4 == 0) row_scale[row] = rescale[r];
#pragma unroll
        for (unsigned n = 0; n < Tiling::kScoreCols / 8; ++n) {
          *reinterpret_cast<unsigned*>(smem + Tiling::kPOffset +
                                       SwizzledOffset(kHeadsPerCta, row, col_base + 8 * n) + 4 * (lane % 4)) =
              PackPair(DTypeKV(), s[4 * n + 2 * r], s[4 * n + 2 * r + 1]);
        }
      }
      FenceSharedForTensorCores();
    }
    __syncthreads();  // p (and, with one scorer, the rescale factors) are ready

    const float scale0 = Tiling::kScorers == 2 ? rescale[0] : row_scale[row0];
    const float scale1 = Tiling::kScorers == 2 ? rescale[1] : row_scale[row0 + 8];
    RescaleRows(o, scale0, scale1);
    Mma::template AccumulatePv<DTypeKV, kTile, kHeadsPerCta, kOutCols>(o, p_addr, tile_addr, warp,
                                                                        group * kOutCols);
    __syncthreads();  // the tile's buffer and p may be overwritten
  }

  // Row sums: each scoring warpgroup holds its positions' share.
  if (group < Tiling::kScorers) {
#pragma unroll
    for (unsigned r = 0; r < 2; ++r) {
      float d = d_run[r];
      d += __shfl_xor_sync(0xffffffffu, d, 1);
      d += __shfl_xor_sync(0xffffffffu, d, 2);
      if (lane % 4 == 0) {
        row_parts[group * kHeadsPerCta + row0 + 8 * r] = d;
        if (group == 0) row_max[row0 + 8 * r] = m_run[r];
      }
    }
  }
  __syncthreads();

  StoreRows<Tiling::kScorers>(p, o, w, row0, group, group == 0, lane, row_parts, row_max);
}

}  // namespace mla
}  // namespace jitguard
