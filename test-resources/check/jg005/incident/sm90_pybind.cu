// The Hopper module, picked at run time on sm_90: its plan still takes 9.
#include "pytorch_extension_utils.h"

at::Tensor MlaSm90Plan(at::Tensor float_workspace, // expected-note {{'MlaSm90Plan' declared here with 9 parameters}}
                       at::Tensor int_workspace, at::Tensor pinned_workspace, at::Tensor qo_indptr,
                       at::Tensor kv_indptr, at::Tensor kv_len, int64_t num_heads, int64_t head_dim_o,
                       bool causal);

TORCH_LIBRARY_FRAGMENT(TORCH_EXTENSION_NAME, m) {
  m.def("plan", &MlaSm90Plan); // expected-note {{'plan' registered here (TORCH_LIBRARY_FRAGMENT, def)}}
}
