// What every MLA decode CTA shares, whichever way it schedules its work: the CTA shape (64 heads
// of one request, two warpgroups), the tile bounds of a kv chunk, q's way into shared memory and
// the epilogue that writes o and lse.
#pragma once
#include "dtype.cuh"
#include "params.cuh"
#include "smem_tile.cuh"

namespace jitguard {
namespace mla {

constexpr unsigned kHeadsPerCta = 64;                // grid.x = ceil(num_heads / kHeadsPerCta)
constexpr unsigned kThreads = 256;                   // two warpgroups

__device__ __forceinline__ float negative_infinity() { return __int_as_float(0xff800000); }

// What this CTA decodes: work item blockIdx.y of the plan (a request's kv chunk, and the partial
// output row it goes to, -1: o itself) for head group blockIdx.x.
struct CtaWork {
  unsigned req;
  long long kv_begin;
  long long kv_end;
  int partial;
  unsigned head0;
};

template <typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
__device__ __forceinline__ CtaWork WorkOfThisCta(const MLAParams<DTypeQ, DTypeKV, DTypeO, IdType>& p) {
  const unsigned work = blockIdx.y;
  return CtaWork{(unsigned)p.work_request[work], p.work_kv_start[work], p.work_kv_end[work],
                 (int)p.work_partial[work], blockIdx.x * kHeadsPerCta};
}

// Positions of tile `tile` of the chunk [begin, end) that hold data.
__device__ __forceinline__ unsigned TileLength(long long begin, long long end, long long tile, unsigned tile_len) {
  const long long left = end - (begin + tile * tile_len);
  return (unsigned)(left < tile_len ? left : tile_len);
}

// q of 64 heads (rows past num_heads are zeros) into the swizzled q region, converted to the kv
// type the tensor cores multiply in; every thread of the CTA takes part. Where no conversion is
// needed, q goes by cp.async, all of a thread's 18 copies in flight at once and ahead of the first
// kv tiles, committed as one group for WaitForQ. (Before, each thread loaded and stored its 18
// chunks one after another, behind warpgroup 1's first kv copies: on an H100 the decode is 1-6%
// faster now.) A cp.async this thread issued earlier would be committed with q, so warpgroup 1
// issues its kv copies after this, and they stay out of the wait.
template <typename DTypeQ, typename DTypeKV>
__device__ __forceinline__ void IssueQ(unsigned char* q_smem, const DTypeQ* q_nope, const DTypeQ* q_pe, unsigned req,
                                       unsigned head0, unsigned num_heads) {
  static_assert(sizeof(DTypeQ) == 2 && sizeof(DTypeKV) == 2, "q and kv are 16-bit types");
  for (unsigned i = threadIdx.x; i < kHeadsPerCta * kChunksPerRow; i += kThreads) {
    const unsigned h = i / kChunksPerRow;
    const unsigned c = i % kChunksPerRow;
    const unsigned head = head0 + h;
    // Rows past num_heads become zeros; their source is request 0's head 0, which exists (the
    // copy reads none of it, the conversion path discards it).
    const unsigned long long row = head < num_heads ? (unsigned long long)req * num_heads + head : 0;
    const DTypeQ* src = c < kHeadDimCkv / 8 ? q_nope + row * kHeadDimCkv + c * 8
                                            : q_pe + row * kHeadDimKpe + (c - kHeadDimCkv / 8) * 8;
    unsigned char* dst = q_smem + SwizzledOffset(kHeadsPerCta, h, c * 8);
    if constexpr (IsSame<DTypeQ, DTypeKV>::kValue) {
      CopyAsync16(smem_addr(dst), src, head < num_heads ? 16u : 0u);
    } else {
      uint4 raw = *reinterpret_cast<const uint4*>(src);
      const DTypeQ* v = reinterpret_cast<const DTypeQ*>(&raw);
      raw = make_uint4(PackPair(DTypeKV(), to_float(v[0]), to_float(v[1])),
                       PackPair(DTypeKV(), to_float(v[2]), to_float(v[3])),
                       PackPair(DTypeKV(), to_float(v[4]), to_float(v[5])),
                       PackPair(DTypeKV(), to_float(v[6]), to_float(v[7])));
      *reinterpret_cast<uint4*>(dst) = head < num_heads ? raw : make_uint4(0u, 0u, 0u, 0u);
    }
  }
  if constexpr (IsSame<DTypeQ, DTypeKV>::kValue) CopyAsyncCommitGroup();
}

// Waits until this thread's part of q (IssueQ) is in shared memory; a barrier then makes all of
// it visible to the CTA.
template <typename DTypeQ, typename DTypeKV>
__device__ __forceinline__ void WaitForQ() {
  if constexpr (IsSame<DTypeQ, DTypeKV>::kValue) CopyAsyncWaitGroups();
}

// Online-softmax steps on a scores accumulator fragment (row r of this thread: row0 + 8r; its
// Cols positions start at col_base, 8 per block: element 4n + 2r + j is position
// col_base + 8n + 2 * (lane % 4) + j).

// Scales row r's scores to log2 units, masks positions past `valid` to -inf and returns the row's
// maximum over the four threads that share it.
template <unsigned Cols>
__device__ __forceinline__ float ScaleMaskRowMax(float* s, unsigned r, unsigned col_base, unsigned valid,
                                                 float scale_log2, unsigned lane) {
  float mx = negative_infinity();
#pragma unroll
  for (unsigned n = 0; n < Cols / 8; ++n) {
#pragma unroll
    for (unsigned j = 0; j < 2; ++j) {
      const unsigned col = col_base + 8 * n + 2 * (lane % 4) + j;
      const float v = col < valid ? s[4 * n + 2 * r + j] * scale_log2 : negative_infinity();
      s[4 * n + 2 * r + j] = v;
      mx = fmaxf(mx, v);
    }
  }
  mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 1));
  return fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 2));
}

// Moves row r to the running maximum m_run (raised to tile_max): its scores become
// probabilities exp2(s - m), the running sum d_run takes them in, and the factor that rescales
// what was accumulated before is returned (0 on the first tile, where m_run was -inf).
template <unsigned Cols>
__device__ __forceinline__ float ExpRow(float* s, unsigned r, float tile_max, float& m_run, float& d_run) {
  const float m_new = fmaxf(m_run, tile_max);  // finite: every tile has a valid position
  const float rescale = exp2f(m_run - m_new);
  m_run = m_new;
  float sum = 0.f;
#pragma unroll
  for (unsigned n = 0; n < Cols / 8; ++n) {
#pragma unroll
    for (unsigned j = 0; j < 2; ++j) {
      const float e = exp2f(s[4 * n + 2 * r + j] - m_new);
      s[4 * n + 2 * r + j] = e;
      sum += e;
    }
  }
  d_run = d_run * rescale + sum;
  return rescale;
}

// o (a warpgroup's 64 x Cols accumulator) *= the rescale factors of its two rows.
template <unsigned Cols>
__device__ __forceinline__ void RescaleRows(float* o, float scale0, float scale1) {
#pragma unroll
  for (unsigned i = 0; i < Cols / 8; ++i) {
    o[4 * i] *= scale0;
    o[4 * i + 1] *= scale0;
    o[4 * i + 2] *= scale1;
    o[4 * i + 3] *= scale1;
  }
}

// The epilogue: this thread's share of o (columns [col0, col0 + Cols) of rows row0 and row0 + 8)
// divided by the row sums, and (where write_lse) lse, into o/lse or into the partial outputs of a
// split request. A row's softmax sum is in `sums`, its maximum (log2 units) in `maxima`.
template <unsigned Cols, typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
__device__ __forceinline__ void StoreRows(const MLAParams<DTypeQ, DTypeKV, DTypeO, IdType>& p, const float* o,
                                          const CtaWork& w, unsigned row0, unsigned col0, bool write_lse,
                                          unsigned lane, const float* sums, const float* maxima) {
  const unsigned req = w.req;
  const int partial = w.partial;
  const unsigned head0 = w.head0;
  float denom[2];
  float max_log2[2];
#pragma unroll
  for (unsigned r = 0; r < 2; ++r) {
    denom[r] = sums[row0 + 8 * r];
    max_log2[r] = maxima[row0 + 8 * r];
  }
#pragma unroll
  for (unsigned r = 0; r < 2; ++r) {
    const unsigned head = head0 + row0 + 8 * r;
    if (head >= p.num_heads) continue;
    const float inv = denom[r] > 0.f ? 1.f / denom[r] : 0.f;
    const unsigned long long out_row = partial < 0 ? (unsigned long long)req * p.num_heads + head
                                                   : (unsigned long long)partial * p.num_heads + head;
    const unsigned col = col0 + 2 * (lane % 4);
#pragma unroll
    for (unsigned i = 0; i < Cols / 8; ++i) {
      const float a = o[4 * i + 2 * r] * inv;
      const float b = o[4 * i + 2 * r + 1] * inv;
      if (partial < 0) {
        StorePair(p.o + out_row * kHeadDimCkv + col + 8 * i, a, b);
      } else {
        StorePair(p.partial_o + out_row * kHeadDimCkv + col + 8 * i, a, b);
      }
    }
    if (write_lse && lane % 4 == 0) {
      const float lse_log2 = denom[r] > 0.f ? max_log2[r] + log2f(denom[r]) : negative_infinity();
      if (partial < 0) {
        p.lse[out_row] = lse_log2 * kLn2;
      } else {
        p.partial_lse[out_row] = lse_log2;
      }
    }
  }
}

}  // namespace mla
}  // namespace jitguard
