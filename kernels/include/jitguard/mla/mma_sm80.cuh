// Tensor-core products of the decode with warp-level mma.sync (m16n8k16, fp32 accumulation), fed
// from the swizzled shared-memory tiles by ldmatrix. Runs on every GPU from sm_80 on.
//
// Accumulator layout (the same as wgmma's, so the softmax and the epilogue are shared): a warp
// owns 16 rows; in column block i of 8 columns, acc[4i + j] is row (lane / 4) + 8 * (j / 2),
// column 8i + 2 * (lane % 4) + (j % 2).
#pragma once
#include "dtype.cuh"
#include "smem_tile.cuh"

namespace jitguard {
namespace mla {

template <typename T>
__device__ __forceinline__ void Mma16816(float* c, const unsigned* a, unsigned b0, unsigned b1) {
  if constexpr (MmaName<T>::kBf16) {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, "
        "{%0, %1, %2, %3};"
        : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
  } else {
    asm volatile(
        "mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 {%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, "
        "{%0, %1, %2, %3};"
        : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
        : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b0), "r"(b1));
  }
}

__device__ __forceinline__ void LoadMatrixX4(unsigned* r, unsigned addr) {
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.shared.b16 {%0, %1, %2, %3}, [%4];"
               : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
               : "r"(addr));
}

__device__ __forceinline__ void LoadMatrixX4Transposed(unsigned* r, unsigned addr) {
  asm volatile("ldmatrix.sync.aligned.m8n8.x4.trans.shared.b16 {%0, %1, %2, %3}, [%4];"
               : "=r"(r[0]), "=r"(r[1]), "=r"(r[2]), "=r"(r[3])
               : "r"(addr));
}

struct WarpMma {
  // ldmatrix reads shared memory through the generic proxy, like the writes before it: a barrier
  // is all the ordering it needs.
  __device__ __forceinline__ static void FenceOperands() {}

  // s[4 * (Cols / 8)] = q[rows 16w..16w+15] . k[col0..col0 + Cols)^T over all 576 columns, where the
  // kv tile has Tile rows. One warp.
  template <typename T, unsigned Cols, unsigned Tile, unsigned QRows>
  __device__ __forceinline__ static void Scores(float* s, unsigned q_addr, unsigned k_addr, unsigned warp,
                                                unsigned col0) {
    static_assert(Cols % 16 == 0, "positions in blocks of 16");
    const unsigned lane = threadIdx.x % 32;
#pragma unroll
    for (unsigned i = 0; i < 4 * (Cols / 8); ++i) s[i] = 0.f;
    const unsigned a_row = 16 * warp + lane % 16;
    const unsigned b_row = col0 + (lane & 7) + ((lane >> 4) << 3);
#pragma unroll  // in full: ptxas then hoists the fragment loads of the next steps (10% faster on an H100)
    for (unsigned k = 0; k < kHeadDimQk; k += 16) {
      unsigned a[4];
      LoadMatrixX4(a, q_addr + SwizzledOffset(QRows, a_row, k + 8 * (lane / 16)));
#pragma unroll
      for (unsigned n = 0; n < Cols; n += 16) {
        unsigned b[4];
        LoadMatrixX4(b, k_addr + SwizzledOffset(Tile, n + b_row, k + 8 * ((lane >> 3) & 1)));
        Mma16816<T>(&s[4 * (n / 8)], a, b[0], b[1]);
        Mma16816<T>(&s[4 * (n / 8) + 4], a, b[2], b[3]);
      }
    }
  }

  // o[4 * (Cols / 8)] += p[rows 16w..16w+15, 0..Tile) . v[0..Tile, col0..col0 + Cols). One warp.
  template <typename T, unsigned Tile, unsigned PRows, unsigned Cols>
  __device__ __forceinline__ static void AccumulatePv(float* o, unsigned p_addr, unsigned v_addr, unsigned warp,
                                                      unsigned col0) {
    const unsigned lane = threadIdx.x % 32;
    const unsigned a_row = 16 * warp + lane % 16;
#pragma unroll
    for (unsigned k = 0; k < Tile; k += 16) {
      unsigned a[4];
      LoadMatrixX4(a, p_addr + SwizzledOffset(PRows, a_row, k + 8 * (lane / 16)));
      AccumulateStep<T, Tile, Cols>(o, a, v_addr, k, col0);
    }
  }

  // o[4 * (Cols / 8)] += p . v[0..Tile, col0..col0 + Cols), where p is this warp's own 16 x Tile
  // scores accumulator (probabilities, fp32) taken as the A operand from registers: the
  // accumulators of two 8-position blocks are the A fragment of one k-step.
  template <typename T, unsigned Tile, unsigned Cols>
  __device__ __forceinline__ static void AccumulatePvFromScores(float* o, const float* p, unsigned v_addr,
                                                                unsigned /*warp*/, unsigned col0) {
#pragma unroll
    for (unsigned k = 0; k < Tile; k += 16) {
      unsigned a[4];
#pragma unroll
      for (unsigned i = 0; i < 4; ++i) a[i] = PackPair(T(), p[k / 2 + 2 * i], p[k / 2 + 2 * i + 1]);
      AccumulateStep<T, Tile, Cols>(o, a, v_addr, k, col0);
    }
  }

 private:
  // One k-step of p . v: o += a (p's 16 x 16 fragment at positions k..k+15) . v[k..k+16, col0..col0 + Cols).
  template <typename T, unsigned Tile, unsigned Cols>
  __device__ __forceinline__ static void AccumulateStep(float* o, const unsigned* a, unsigned v_addr, unsigned k,
                                                        unsigned col0) {
    const unsigned lane = threadIdx.x % 32;
    const unsigned b_row = (lane & 7) + (((lane >> 3) & 1) << 3);
    const unsigned b_col = (lane >> 4) << 3;
#pragma unroll
    for (unsigned n = 0; n < Cols; n += 16) {
      unsigned b[4];
      LoadMatrixX4Transposed(b, v_addr + SwizzledOffset(Tile, k + b_row, col0 + n + b_col));
      Mma16816<T>(&o[4 * (n / 8)], a, b[0], b[1]);
      Mma16816<T>(&o[4 * (n / 8) + 4], a, b[2], b[3]);
    }
  }
};

}  // namespace mla
}  // namespace jitguard
