// One bad statement inside a lambda that a dispatch macro expands once per mask mode: the
// compiler prints the same error three times per instantiation, at the macro's line.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

template <typename DTypeO>
struct Params {
  float* partial_o;
};

#define DISPATCH_MASK_MODE(...)          \
  {                                      \
    { constexpr int kMode = 0; __VA_ARGS__(); } \
    { constexpr int kMode = 1; __VA_ARGS__(); } \
    { constexpr int kMode = 2; __VA_ARGS__(); } \
  }

template <typename DTypeO>
__global__ void run(DTypeO* buffer, float* out) {
  Params<DTypeO> params;
  DISPATCH_MASK_MODE([&] { params.partial_o = buffer; });
  out[0] = params.partial_o[0];
}
