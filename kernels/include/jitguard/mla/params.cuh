// Shapes and launch parameters of absorbed MLA decode (DeepSeek-V3: kv_lora_rank 512, rope 64).
#pragma once

namespace jitguard {
namespace mla {

constexpr unsigned kHeadDimCkv = 512;  // compressed latent (c_kv) width, head_dim_ckv
constexpr unsigned kHeadDimKpe = 64;   // decoupled rope key width, head_dim_kpe
constexpr unsigned kHeadDimQk = kHeadDimCkv + kHeadDimKpe;
constexpr float kLog2e = 1.4426950408889634f;
constexpr float kLn2 = 0.6931471805599453f;

// Typed view of a byte offset into a workspace buffer.
template <typename T>
__device__ __forceinline__ T* GetPtrFromBaseOffset(void* base, long long offset) {
  return reinterpret_cast<T*>(reinterpret_cast<char*>(base) + offset);
}

// A tensor map: the bulk tensor copy engine's 128-byte descriptor of a global matrix, encoded on
// the host (cuTensorMapEncodeTiled). Read in place from the kernel's parameters.
struct TensorMap {
  alignas(64) unsigned long long opaque[16];
};

// Everything one decode launch reads and writes. Layouts (row-major):
//   q_nope [batch, num_heads, 512], q_pe [batch, num_heads, 64]
//   ckv [pages, page_size, 512], kpe [pages, page_size, 64]
//   kv_indptr [batch + 1] into kv_page_indices; kv_len [batch]
//   o [batch, num_heads, 512] in DTypeO; lse [batch, num_heads] in fp32 (natural log)
// Split-KV partial outputs stay in fp32 for precision:
//   partial_o [num_partials, num_heads, 512], partial_lse [num_partials, num_heads] (log2 units)
template <typename DTypeQ, typename DTypeKV, typename DTypeO, typename IdType>
struct MLAParams {
  const DTypeQ* q_nope;
  const DTypeQ* q_pe;
  const DTypeKV* ckv;
  const DTypeKV* kpe;
  const IdType* kv_indptr;
  const IdType* kv_page_indices;
  const IdType* kv_len;
  // The plan: one work item per (request, kv chunk), written by MLAPlan.
  const IdType* work_request;
  const IdType* work_kv_start;
  const IdType* work_kv_end;
  const IdType* work_partial;  // -1: write o and lse directly; else a row of partial_o
  const IdType* plan_info;     // [0] number of work items, [1] number of partial rows
  DTypeO* o;
  float* lse;
  float* partial_o;
  float* partial_lse;
  unsigned num_heads;
  unsigned page_size;
  float sm_scale;
  // Variants that copy kv with the tensor copy engine (sm_90 on): rows per copy, gcd(page_size,
  // tile), and tensor maps of ckv [rows, 512] and kpe [rows, 64] with boxes of kv_box_rows x 64
  // values and the 128-byte swizzle. 0: no maps; copy with cp.async.
  unsigned kv_box_rows;
  TensorMap ckv_map;
  TensorMap kpe_map;
};
// The host (MlaParams.java) writes these parameters as 448 bytes, the maps at 192 and 320.
static_assert(sizeof(MLAParams<short, short, short, int>) == 448, "MLAParams layout changed: update MlaParams.java");

}  // namespace mla
}  // namespace jitguard
