// One CTA of absorbed MLA decode: a group of heads of one request over one kv chunk.
//
// For each head h and kv position t of the chunk:
//   score[h][t] = (q_nope[h] . ckv[t] + q_pe[h] . kpe[t]) * sm_scale
//   o[h] = softmax_t(score[h]) . ckv, lse[h] = logsumexp_t(score[h])
// computed with an online softmax over tiles of kTileTokens positions (in log2 units inside).
// How a tile reaches shared memory is the variant's business: the Loader policy does it.
#pragma once
#include "dtype.cuh"
#include "params.cuh"

namespace jitguard {
namespace mla {

constexpr unsigned kHeadGroup = 16;   // heads per CTA (grid.y = ceil(num_heads / kHeadGroup))
constexpr unsigned kTileTokens = 16;  // kv positions per shared-memory tile
constexpr unsigned kThreads = 256;    // threads per CTA
constexpr unsigned kWarps = kThreads / 32;
// Output ownership: thread t accumulates dims [4 * (t % 128), +4) for heads (t / 128) + 2 * i.
constexpr unsigned kDimsPerThread = 4;
constexpr unsigned kHeadsPerThread = kHeadGroup * kHeadDimCkv / (kThreads * kDimsPerThread);
static_assert(kHeadsPerThread == 8, "thread mapping assumes 8 heads x 4 dims per thread");
static_assert(kTileTokens <= 32, "the bulk-copy loader gives each kv row of a tile its own lane");

template <typename DTypeQ, typename DTypeKV>
struct DecodeSmem {
  alignas(128) DTypeKV kv[kTileTokens][kHeadDimQk];  // 16-byte aligned rows for vector and bulk copies
  DTypeQ q[kHeadGroup][kHeadDimQk];
  float s[kHeadGroup][kTileTokens];  // scores, then probabilities of the current tile
  float m[kHeadGroup];               // running max (log2 units)
  float d[kHeadGroup];               // running sum of exp2(score - m)
  float rescale[kHeadGroup];         // exp2(m_old - m_new) of the current tile
};

__device__ __forceinline__ float negative_infinity() { return __int_as_float(0xff800000); }

// The row of a kv position in the paged cache.
template <typename IdType>
__device__ __forceinline__ long long KvRow(const IdType* pages, unsigned page_size, long long pos) {
  return (long long)pages[pos / page_size] * page_size + pos % page_size;
}

template <typename Loader, typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
__device__ __forceinline__ void RunDecodeCta(const MLAParams<DTypeQ, DTypeKV, DTypeO, IdType>& p,
                                             DecodeSmem<DTypeQ, DTypeKV>& sm, Loader& loader) {
  const unsigned tid = threadIdx.x;
  const unsigned work = blockIdx.x;
  if (work >= (unsigned)p.plan_info[0]) return;  // the grid is sized for the plan's upper bound

  const unsigned req = (unsigned)p.work_request[work];
  const long long kv_begin = p.work_kv_start[work];
  const long long kv_end = p.work_kv_end[work];
  const int partial = (int)p.work_partial[work];
  const unsigned head0 = blockIdx.y * kHeadGroup;
  const IdType* pages = p.kv_page_indices + p.kv_indptr[req];

  for (unsigned i = tid; i < kHeadGroup * kHeadDimQk; i += kThreads) {
    const unsigned h = i / kHeadDimQk;
    const unsigned c = i % kHeadDimQk;
    const unsigned head = head0 + h;
    float v = 0.f;
    if (head < p.num_heads) {
      const unsigned long long row = (unsigned long long)req * p.num_heads + head;
      v = c < kHeadDimCkv ? to_float(p.q_nope[row * kHeadDimCkv + c])
                          : to_float(p.q_pe[row * kHeadDimKpe + (c - kHeadDimCkv)]);
    }
    sm.q[h][c] = from_float<DTypeQ>(v);
  }
  if (tid < kHeadGroup) {
    sm.m[tid] = negative_infinity();
    sm.d[tid] = 0.f;
  }
  loader.init();
  __syncthreads();

  const unsigned lane = tid % 32;
  const unsigned warp = tid / 32;
  const unsigned dim0 = (tid % 128) * kDimsPerThread;
  const unsigned head_parity = tid / 128;
  const float scale_log2 = p.sm_scale * kLog2e;
  float acc[kHeadsPerThread][kDimsPerThread];
#pragma unroll
  for (unsigned i = 0; i < kHeadsPerThread; ++i)
#pragma unroll
    for (unsigned k = 0; k < kDimsPerThread; ++k) acc[i][k] = 0.f;

  for (long long t0 = kv_begin; t0 < kv_end; t0 += kTileTokens) {
    const unsigned valid = (unsigned)(kv_end - t0 < kTileTokens ? kv_end - t0 : kTileTokens);
    loader.load(sm.kv, p, pages, t0, valid);  // returns once the tile is visible to every thread

    // Scores: a warp per kv row; each lane takes column pairs 2*lane + 64*j, then a warp reduction.
    for (unsigned t = warp; t < valid; t += kWarps) {
      float part[kHeadGroup];
#pragma unroll
      for (unsigned h = 0; h < kHeadGroup; ++h) part[h] = 0.f;
#pragma unroll
      for (unsigned j = 0; j < kHeadDimQk / 64; ++j) {
        const unsigned c = 2 * lane + 64 * j;
        const float k0 = to_float(sm.kv[t][c]);
        const float k1 = to_float(sm.kv[t][c + 1]);
#pragma unroll
        for (unsigned h = 0; h < kHeadGroup; ++h) {
          part[h] += to_float(sm.q[h][c]) * k0 + to_float(sm.q[h][c + 1]) * k1;
        }
      }
#pragma unroll
      for (unsigned h = 0; h < kHeadGroup; ++h) {
#pragma unroll
        for (unsigned off = 16; off > 0; off /= 2) part[h] += __shfl_xor_sync(0xffffffffu, part[h], off);
      }
      if (lane == 0) {
#pragma unroll
        for (unsigned h = 0; h < kHeadGroup; ++h) sm.s[h][t] = part[h] * scale_log2;
      }
    }
    __syncthreads();

    // Online softmax, a thread per head.
    if (tid < kHeadGroup) {
      const float m_old = sm.m[tid];
      float m_new = m_old;
      for (unsigned t = 0; t < valid; ++t) m_new = fmaxf(m_new, sm.s[tid][t]);
      float sum = 0.f;
      for (unsigned t = 0; t < valid; ++t) {
        const float e = exp2f(sm.s[tid][t] - m_new);
        sm.s[tid][t] = e;
        sum += e;
      }
      const float rescale = exp2f(m_old - m_new);  // 0 on the first tile (m_old = -inf)
      sm.m[tid] = m_new;
      sm.d[tid] = sm.d[tid] * rescale + sum;
      sm.rescale[tid] = rescale;
    }
    __syncthreads();

    // o += p . ckv over the tile.
#pragma unroll
    for (unsigned i = 0; i < kHeadsPerThread; ++i) {
      const float r = sm.rescale[head_parity + 2 * i];
#pragma unroll
      for (unsigned k = 0; k < kDimsPerThread; ++k) acc[i][k] *= r;
    }
    for (unsigned t = 0; t < valid; ++t) {
      float v[kDimsPerThread];
#pragma unroll
      for (unsigned k = 0; k < kDimsPerThread; ++k) v[k] = to_float(sm.kv[t][dim0 + k]);
#pragma unroll
      for (unsigned i = 0; i < kHeadsPerThread; ++i) {
        const float prob = sm.s[head_parity + 2 * i][t];
#pragma unroll
        for (unsigned k = 0; k < kDimsPerThread; ++k) acc[i][k] += prob * v[k];
      }
    }
    __syncthreads();  // the next tile overwrites kv and s
  }

#pragma unroll
  for (unsigned i = 0; i < kHeadsPerThread; ++i) {
    const unsigned h = head_parity + 2 * i;
    const unsigned head = head0 + h;
    if (head >= p.num_heads) continue;
    const float denom = sm.d[h];
    const float inv = denom > 0.f ? 1.f / denom : 0.f;
    if (partial < 0) {
      DTypeO* out = p.o + ((unsigned long long)req * p.num_heads + head) * kHeadDimCkv + dim0;
#pragma unroll
      for (unsigned k = 0; k < kDimsPerThread; ++k) out[k] = from_float<DTypeO>(acc[i][k] * inv);
    } else {
      float* out = p.partial_o + ((unsigned long long)partial * p.num_heads + head) * kHeadDimCkv + dim0;
#pragma unroll
      for (unsigned k = 0; k < kDimsPerThread; ++k) out[k] = acc[i][k] * inv;
    }
  }
  if (tid < kHeadGroup && head0 + tid < p.num_heads) {
    const unsigned head = head0 + tid;
    const float lse_log2 = sm.d[tid] > 0.f ? sm.m[tid] + log2f(sm.d[tid]) : negative_infinity();
    if (partial < 0) {
      p.lse[(unsigned long long)req * p.num_heads + head] = lse_log2 * kLn2;
    } else {
      p.partial_lse[(unsigned long long)partial * p.num_heads + head] = lse_log2;
    }
  }
}

}  // namespace mla
}  // namespace jitguard
