// The pre-Hopper module: its plan takes 11 parameters, as the caller passes.
#include "pytorch_extension_utils.h"

at::Tensor MlaPlan(at::Tensor float_workspace, at::Tensor int_workspace, at::Tensor pinned_workspace,
                   at::Tensor qo_indptr, at::Tensor kv_indptr, at::Tensor kv_len, int64_t num_heads,
                   int64_t head_dim_o, bool causal, int64_t batch_size, int64_t cluster_size);

TORCH_LIBRARY_FRAGMENT(TORCH_EXTENSION_NAME, m) {
  m.def("plan", &MlaPlan); // expected-note {{this registration of 'plan' takes 11}}
}
