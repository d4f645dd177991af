// Tensor-core products of the decode with Hopper's warpgroup MMA (wgmma, sm_90a), reading both
// operands straight from the swizzled shared-memory tiles through matrix descriptors.
//
// The accumulator layout is mma.sync's (see mma_sm80.cuh), so the softmax and epilogue are shared:
// warp w of the warpgroup owns rows 16w..16w+15; acc[4i + j] is row (lane / 4) + 8 * (j / 2),
// column 8i + 2 * (lane % 4) + (j % 2).
//
// The wgmma wrappers below were written out by a script (one operand per accumulator register),
// one macro per shape, expanded for bf16 and fp16; the instruction shapes are the point:
//   q.k: m64n32k16 or m64n64k16, A = q (K-major), B = a kv tile (K-major)
//   p.v: m64n256k16, A = p (K-major, or from registers), B = the c_kv columns of the tile
//        (MN-major, transposed)
#pragma once
#include "dtype.cuh"
#include "smem_tile.cuh"

#if defined(__CUDA_ARCH__) && !defined(__CUDA_ARCH_FEAT_SM90_ALL)
#error "wgmma needs the arch-specific Hopper target: compile for sm_90a"
#endif

namespace jitguard {
namespace mla {

// A shared-memory matrix descriptor with the 128-byte swizzle. Offsets are in bytes:
// K-major: rows 128 bytes apart, 8-row groups `stride` apart (the leading offset is unused);
// MN-major: 64-value atoms along MN `leading` apart, 8-row groups along K `stride` apart.
__device__ __forceinline__ unsigned long long SmemDescriptor(unsigned addr, unsigned leading, unsigned stride) {
  return (unsigned long long)((addr & 0x3FFFFu) >> 4) | ((unsigned long long)(leading >> 4) << 16) |
         ((unsigned long long)(stride >> 4) << 32) | (1ull << 62);
}

__device__ __forceinline__ void WgmmaFence() { asm volatile("wgmma.fence.sync.aligned;" ::: "memory"); }
__device__ __forceinline__ void WgmmaCommit() { asm volatile("wgmma.commit_group.sync.aligned;" ::: "memory"); }
__device__ __forceinline__ void WgmmaWaitAll() { asm volatile("wgmma.wait_group.sync.aligned 0;" ::: "memory"); }

// Keeps the compiler from moving accumulator registers across an asynchronous wgmma.
template <unsigned N>
__device__ __forceinline__ void FenceAccumulators(float* d) {
#pragma unroll
  for (unsigned i = 0; i < N; ++i) asm volatile("" : "+f"(d[i])::"memory");
}

#define JITGUARD_WGMMA_64X32(NAME, TYPE) \
__device__ __forceinline__ void NAME(float* d, unsigned long long desc_a, unsigned long long desc_b, int scale_d) { \
  asm volatile(                                                                                                     \
      "{\n.reg .pred p;\n"                                                                                          \
      "setp.ne.b32 p, %18, 0;\n"                                                                                    \
      "wgmma.mma_async.sync.aligned.m64n32k16.f32." TYPE "." TYPE " "                                               \
      "{%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15}, "                                    \
      "%16, %17, p, 1, 1, 0, 0;\n}\n"                                                                               \
      : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]), "+f"(d[7]),             \
        "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15])        \
      : "l"(desc_a), "l"(desc_b), "r"(scale_d));                                                                    \
}
JITGUARD_WGMMA_64X32(Wgmma64x32Bf16, "bf16")
JITGUARD_WGMMA_64X32(Wgmma64x32F16, "f16")

#define JITGUARD_WGMMA_64X64(NAME, TYPE) \
__device__ __forceinline__ void NAME(float* d, unsigned long long desc_a, unsigned long long desc_b, int scale_d) { \
  asm volatile(                                                                                                     \
      "{\n.reg .pred p;\n"                                                                                          \
      "setp.ne.b32 p, %34, 0;\n"                                                                                    \
      "wgmma.mma_async.sync.aligned.m64n64k16.f32." TYPE "." TYPE " "                                               \
      "{%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, "                                     \
      "%16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31}, "                           \
      "%32, %33, p, 1, 1, 0, 0;\n}\n"                                                                               \
      : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]), "+f"(d[7]),             \
        "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15]),       \
        "+f"(d[16]), "+f"(d[17]), "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]),     \
        "+f"(d[24]), "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31])      \
      : "l"(desc_a), "l"(desc_b), "r"(scale_d));                                                                    \
}
JITGUARD_WGMMA_64X64(Wgmma64x64Bf16, "bf16")
JITGUARD_WGMMA_64X64(Wgmma64x64F16, "f16")

// The 128 fp32 accumulators of an m64n256 wgmma: their operand numbers %0..%127 and their
// read-write constraints (shared by the shared-memory and register forms below).
#define JITGUARD_WGMMA_D128_REGS \
  "%0, %1, %2, %3, %4, %5, %6, %7, %8, %9, %10, %11, %12, %13, %14, %15, "                          \
  "%16, %17, %18, %19, %20, %21, %22, %23, %24, %25, %26, %27, %28, %29, %30, %31, "                \
  "%32, %33, %34, %35, %36, %37, %38, %39, %40, %41, %42, %43, %44, %45, %46, %47, "                \
  "%48, %49, %50, %51, %52, %53, %54, %55, %56, %57, %58, %59, %60, %61, %62, %63, "                \
  "%64, %65, %66, %67, %68, %69, %70, %71, %72, %73, %74, %75, %76, %77, %78, %79, "                \
  "%80, %81, %82, %83, %84, %85, %86, %87, %88, %89, %90, %91, %92, %93, %94, %95, "                \
  "%96, %97, %98, %99, %100, %101, %102, %103, %104, %105, %106, %107, %108, %109, %110, %111, "    \
  "%112, %113, %114, %115, %116, %117, %118, %119, %120, %121, %122, %123, %124, %125, %126, %127"
#define JITGUARD_WGMMA_D128_OUTS \
  "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3]), "+f"(d[4]), "+f"(d[5]), "+f"(d[6]), "+f"(d[7]),                  \
  "+f"(d[8]), "+f"(d[9]), "+f"(d[10]), "+f"(d[11]), "+f"(d[12]), "+f"(d[13]), "+f"(d[14]), "+f"(d[15]),            \
  "+f"(d[16]), "+f"(d[17]), "+f"(d[18]), "+f"(d[19]), "+f"(d[20]), "+f"(d[21]), "+f"(d[22]), "+f"(d[23]),          \
  "+f"(d[24]), "+f"(d[25]), "+f"(d[26]), "+f"(d[27]), "+f"(d[28]), "+f"(d[29]), "+f"(d[30]), "+f"(d[31]),          \
  "+f"(d[32]), "+f"(d[33]), "+f"(d[34]), "+f"(d[35]), "+f"(d[36]), "+f"(d[37]), "+f"(d[38]), "+f"(d[39]),          \
  "+f"(d[40]), "+f"(d[41]), "+f"(d[42]), "+f"(d[43]), "+f"(d[44]), "+f"(d[45]), "+f"(d[46]), "+f"(d[47]),          \
  "+f"(d[48]), "+f"(d[49]), "+f"(d[50]), "+f"(d[51]), "+f"(d[52]), "+f"(d[53]), "+f"(d[54]), "+f"(d[55]),          \
  "+f"(d[56]), "+f"(d[57]), "+f"(d[58]), "+f"(d[59]), "+f"(d[60]), "+f"(d[61]), "+f"(d[62]), "+f"(d[63]),          \
  "+f"(d[64]), "+f"(d[65]), "+f"(d[66]), "+f"(d[67]), "+f"(d[68]), "+f"(d[69]), "+f"(d[70]), "+f"(d[71]),          \
  "+f"(d[72]), "+f"(d[73]), "+f"(d[74]), "+f"(d[75]), "+f"(d[76]), "+f"(d[77]), "+f"(d[78]), "+f"(d[79]),          \
  "+f"(d[80]), "+f"(d[81]), "+f"(d[82]), "+f"(d[83]), "+f"(d[84]), "+f"(d[85]), "+f"(d[86]), "+f"(d[87]),          \
  "+f"(d[88]), "+f"(d[89]), "+f"(d[90]), "+f"(d[91]), "+f"(d[92]), "+f"(d[93]), "+f"(d[94]), "+f"(d[95]),          \
  "+f"(d[96]), "+f"(d[97]), "+f"(d[98]), "+f"(d[99]), "+f"(d[100]), "+f"(d[101]), "+f"(d[102]), "+f"(d[103]),      \
  "+f"(d[104]), "+f"(d[105]), "+f"(d[106]), "+f"(d[107]), "+f"(d[108]), "+f"(d[109]), "+f"(d[110]), "+f"(d[111]),  \
  "+f"(d[112]), "+f"(d[113]), "+f"(d[114]), "+f"(d[115]), "+f"(d[116]), "+f"(d[117]), "+f"(d[118]), "+f"(d[119]),  \
  "+f"(d[120]), "+f"(d[121]), "+f"(d[122]), "+f"(d[123]), "+f"(d[124]), "+f"(d[125]), "+f"(d[126]), "+f"(d[127])

#define JITGUARD_WGMMA_64X256_TRANS_B(NAME, TYPE)                                                          \
__device__ __forceinline__ void NAME(float* d, unsigned long long desc_a, unsigned long long desc_b) {    \
  asm volatile("{\n"                                                                                       \
               "wgmma.mma_async.sync.aligned.m64n256k16.f32." TYPE "." TYPE " "                            \
               "{" JITGUARD_WGMMA_D128_REGS "}, %128, %129, 1, 1, 1, 0, 1;\n}\n"                           \
               : JITGUARD_WGMMA_D128_OUTS                                                                   \
               : "l"(desc_a), "l"(desc_b));                                                                 \
}
JITGUARD_WGMMA_64X256_TRANS_B(Wgmma64x256Bf16TransB, "bf16")
JITGUARD_WGMMA_64X256_TRANS_B(Wgmma64x256F16TransB, "f16")

// The same with A (p) from registers: four 32-bit registers of packed pairs per thread.
#define JITGUARD_WGMMA_64X256_RS_TRANS_B(NAME, TYPE)                                                       \
__device__ __forceinline__ void NAME(float* d, const unsigned* a, unsigned long long desc_b) {            \
  asm volatile("{\n"                                                                                       \
               "wgmma.mma_async.sync.aligned.m64n256k16.f32." TYPE "." TYPE " "                            \
               "{" JITGUARD_WGMMA_D128_REGS "}, {%128, %129, %130, %131}, %132, 1, 1, 1, 1;\n}\n"          \
               : JITGUARD_WGMMA_D128_OUTS                                                                   \
               : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "l"(desc_b));                                 \
}
JITGUARD_WGMMA_64X256_RS_TRANS_B(Wgmma64x256RsBf16TransB, "bf16")
JITGUARD_WGMMA_64X256_RS_TRANS_B(Wgmma64x256RsF16TransB, "f16")

struct WarpgroupMma {
  // Makes this thread's generic-proxy shared-memory writes (q, p, cp.async tiles, zeroed rows)
  // visible to the tensor cores, which read their operands through the async proxy.
  __device__ __forceinline__ static void FenceOperands() { asm volatile("fence.proxy.async.shared::cta;" ::: "memory"); }

  // s[4 * (Cols / 8)] = q[64 rows] . k[col0..col0 + Cols)^T over all 576 columns, where the kv
  // tile has Tile rows. One warpgroup.
  template <typename T, unsigned Cols, unsigned Tile, unsigned QRows>
  __device__ __forceinline__ static void Scores(float* s, unsigned q_addr, unsigned k_addr, unsigned /*warp*/,
                                                unsigned col0) {
    static_assert((Cols == 64 || Cols == 32) && QRows == 64, "the wgmma path multiplies 64 heads by 32 or 64 positions");
    FenceAccumulators<4 * (Cols / 8)>(s);
    WgmmaFence();
#pragma unroll
    for (unsigned k = 0; k < kHeadDimQk; k += 16) {
      const unsigned long long a =
          SmemDescriptor(q_addr + (k / kBlockCols) * QRows * kLineBytes + (k % kBlockCols) * 2, 16, 8 * kLineBytes);
      const unsigned long long b = SmemDescriptor(k_addr + (k / kBlockCols) * Tile * kLineBytes + col0 * kLineBytes +
                                                  (k % kBlockCols) * 2, 16, 8 * kLineBytes);
      if constexpr (Cols == 64) {
        if constexpr (MmaName<T>::kBf16) {
          Wgmma64x64Bf16(s, a, b, k > 0 ? 1 : 0);
        } else {
          Wgmma64x64F16(s, a, b, k > 0 ? 1 : 0);
        }
      } else {
        if constexpr (MmaName<T>::kBf16) {
          Wgmma64x32Bf16(s, a, b, k > 0 ? 1 : 0);
        } else {
          Wgmma64x32F16(s, a, b, k > 0 ? 1 : 0);
        }
      }
    }
    WgmmaCommit();
    WgmmaWaitAll();
    FenceAccumulators<4 * (Cols / 8)>(s);
  }

  // o[128] += p[64 rows, 0..Tile) . v[0..Tile, col0..col0 + 256). One warpgroup.
  template <typename T, unsigned Tile, unsigned PRows, unsigned Cols>
  __device__ __forceinline__ static void AccumulatePv(float* o, unsigned p_addr, unsigned v_addr, unsigned /*warp*/,
                                                      unsigned col0) {
    static_assert(Cols == 256 && PRows == 64, "the wgmma path accumulates 64 heads by 256 columns");
    FenceAccumulators<128>(o);
    WgmmaFence();
#pragma unroll
    for (unsigned k = 0; k < Tile; k += 16) {
      const unsigned long long a = SmemDescriptor(p_addr + k * 2, 16, 8 * kLineBytes);
      const unsigned long long b = SmemDescriptor(v_addr + (col0 / kBlockCols) * Tile * kLineBytes + k * kLineBytes,
                                                  Tile * kLineBytes, 8 * kLineBytes);
      if constexpr (MmaName<T>::kBf16) {
        Wgmma64x256Bf16TransB(o, a, b);
      } else {
        Wgmma64x256F16TransB(o, a, b);
      }
    }
    WgmmaCommit();
    WgmmaWaitAll();
    FenceAccumulators<128>(o);
  }

  // o[128] += p . v[0..Tile, col0..col0 + 256), where p is this warpgroup's own 64 x Tile scores
  // accumulator (probabilities, fp32) taken as the A operand from registers: the accumulator
  // layout of 16 positions is the A fragment of one k-step, so p never goes through shared memory.
  template <typename T, unsigned Tile, unsigned Cols>
  __device__ __forceinline__ static void AccumulatePvFromScores(float* o, const float* p, unsigned v_addr,
                                                                unsigned /*warp*/, unsigned col0) {
    static_assert(Cols == 256, "the wgmma path accumulates 64 heads by 256 columns");
    unsigned a[Tile / 4];
#pragma unroll
    for (unsigned i = 0; i < Tile / 4; ++i) a[i] = PackPair(T(), p[2 * i], p[2 * i + 1]);
    FenceAccumulators<128>(o);
    WgmmaFence();
#pragma unroll
    for (unsigned k = 0; k < Tile; k += 16) {
      const unsigned long long b = SmemDescriptor(v_addr + (col0 / kBlockCols) * Tile * kLineBytes + k * kLineBytes,
                                                  Tile * kLineBytes, 8 * kLineBytes);
      if constexpr (MmaName<T>::kBf16) {
        Wgmma64x256RsBf16TransB(o, a + k / 4, b);
      } else {
        Wgmma64x256RsF16TransB(o, a + k / 4, b);
      }
    }
    WgmmaCommit();
    WgmmaWaitAll();
    FenceAccumulators<128>(o);
  }
};

}  // namespace mla
}  // namespace jitguard
