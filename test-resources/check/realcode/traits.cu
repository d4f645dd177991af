// RUN-TARGETS: sm_90a
// RUN-INSTANTIATE: merge<Traits<__nv_bfloat16, 64>, Params<__nv_bfloat16>>
// RUN-INSTANTIATE: merge<Traits<float, 64>, Params<float>>
// RUN-NVRTC-FAILS: merge<Traits<__nv_bfloat16, 64>, Params<__nv_bfloat16>>
// RUN-NVRTC-COMPILES: merge<Traits<float, 64>, Params<float>>
// Member types and constants through a traits parameter (typename KTraits::DTypeO,
// KTraits::TILE): the kernel's locals take their types from the instantiation's traits.
#include <cuda_bf16.h>

template <typename DTypeO_, int TILE_>
struct Traits {
  using DTypeO = DTypeO_;
  using Accum = float;
  static constexpr int TILE = TILE_;
};

template <typename DTypeO>
struct Params {
  DTypeO* final_o;
  float* partial_o;  // split-KV partial outputs stay in fp32
};

template <typename KTraits, typename P>
__global__ void merge(P params) {
  using DTypeO = typename KTraits::DTypeO;
  typename KTraits::Accum* acc = params.partial_o;
  DTypeO* final_o = params.final_o;
  DTypeO* partial = params.partial_o;  // expected-error {{initializing 'DTypeO *' (aka '__nv_bfloat16 *') with an expression of type 'float *' [JG002]}}
  final_o[KTraits::TILE - 1] = partial[0];
  (void)acc;
}
