// What every MLA decode CTA shares, whichever way it schedules its work: the CTA shape (64 heads
// of one request, two warpgroups), the tile bounds of a kv chunk, and q's way into shared memory.
#pragma once
#include "dtype.cuh"
#include "params.cuh"
#include "smem_tile.cuh"

namespace jitguard {
namespace mla {

constexpr unsigned kHeadsPerCta = 64;                // grid.x = ceil(num_heads / kHeadsPerCta)
constexpr unsigned kThreads = 256;                   // two warpgroups
constexpr unsigned kOutCols = kHeadDimCkv / 2;       // c_kv columns of o per warpgroup
constexpr unsigned kScoreRegs = 4 * kBlockCols / 8;  // fp32 scores per thread for a 64-position tile

__device__ __forceinline__ float negative_infinity() { return __int_as_float(0xff800000); }

// Positions of tile `tile` of the chunk [begin, end) that hold data.
__device__ __forceinline__ unsigned TileLength(long long begin, long long end, long long tile, unsigned tile_len) {
  const long long left = end - (begin + tile * tile_len);
  return (unsigned)(left < tile_len ? left : tile_len);
}

// q of 64 heads (rows past num_heads are zeros) into the swizzled q region, converted to the kv
// type the tensor cores multiply in.
template <typename DTypeQ, typename DTypeKV>
__device__ __forceinline__ void LoadQ(unsigned char* q_smem, const DTypeQ* q_nope, const DTypeQ* q_pe, unsigned req,
                                      unsigned head0, unsigned num_heads) {
  static_assert(sizeof(DTypeQ) == 2 && sizeof(DTypeKV) == 2, "q and kv are 16-bit types");
  for (unsigned i = threadIdx.x; i < kHeadsPerCta * kChunksPerRow; i += kThreads) {
    const unsigned h = i / kChunksPerRow;
    const unsigned c = i % kChunksPerRow;
    const unsigned head = head0 + h;
    uint4 raw = make_uint4(0u, 0u, 0u, 0u);
    if (head < num_heads) {
      const unsigned long long row = (unsigned long long)req * num_heads + head;
      const DTypeQ* src = c < kHeadDimCkv / 8 ? q_nope + row * kHeadDimCkv + c * 8
                                              : q_pe + row * kHeadDimKpe + (c - kHeadDimCkv / 8) * 8;
      raw = *reinterpret_cast<const uint4*>(src);
      if constexpr (!IsSame<DTypeQ, DTypeKV>::kValue) {
        const DTypeQ* v = reinterpret_cast<const DTypeQ*>(&raw);
        raw = make_uint4(PackPair(DTypeKV(), to_float(v[0]), to_float(v[1])),
                         PackPair(DTypeKV(), to_float(v[2]), to_float(v[3])),
                         PackPair(DTypeKV(), to_float(v[4]), to_float(v[5])),
                         PackPair(DTypeKV(), to_float(v[6]), to_float(v[7])));
      }
    }
    *reinterpret_cast<uint4*>(q_smem + SwizzledOffset(kHeadsPerCta, h, c * 8)) = raw;
  }
}

}  // namespace mla
}  // namespace jitguard
