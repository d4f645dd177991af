"""Writes a generated CUDA source of about N lines for the checker's scaling benchmark.

The code looks like a kernel library: struct templates, function templates with defaults,
macros that expand lambdas, kernels calling helpers with explicit template arguments, pointer
conversions (all valid), and one instantiation per block. Usage: gen_check_source.py LINES OUT
"""
import sys

BLOCK = """
template <typename DTypeO, typename IdType>
struct Params{i} {{
  DTypeO* o;
  float* partial_o;
  const IdType* indptr;
  unsigned num_heads;
}};

template <typename T>
__device__ __forceinline__ T* offset{i}(void* base, long long bytes, int scale = 1) {{
  return reinterpret_cast<T*>(static_cast<char*>(base) + bytes * scale);
}}

template <typename DTypeO, typename IdType>
__global__ void kernel{i}(Params{i}<DTypeO, IdType> p, void* workspace, float* lse) {{
  DISPATCH_MODES([&] {{ p.partial_o = offset{i}<float>(workspace, 64); }});
  DTypeO* out = p.o + threadIdx.x;
  const IdType* ids = p.indptr + blockIdx.x;
  float acc = 0.f;
  for (unsigned h = 0; h < p.num_heads; ++h) {{
    acc += p.partial_o[h] * static_cast<float>(ids[0]);
  }}
  lse[threadIdx.x] = acc;
  out[0] = static_cast<DTypeO>(acc);
}}
template __global__ void kernel{i}<__nv_bfloat16, int>(Params{i}<__nv_bfloat16, int>, void*, float*);
"""

HEADER = """#include <cuda_bf16.h>
#define DISPATCH_MODES(...) {{ {{ __VA_ARGS__(); }} {{ __VA_ARGS__(); }} }}
"""


def main():
    lines, out = int(sys.argv[1]), sys.argv[2]
    block_lines = BLOCK.count("\n")
    parts = [HEADER.format()]
    i = 0
    while (i + 1) * block_lines < lines:
        parts.append(BLOCK.format(i=i))
        i += 1
    with open(out, "w") as f:
        f.write("".join(parts))


if __name__ == "__main__":
    main()
