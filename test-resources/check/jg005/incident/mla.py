class MlaWrapper:
    def __init__(self, backend):
        self._cached_module = get_mla_module(backend)

    def plan(self, qo_indptr, kv_indptr, kv_len, num_heads, head_dim, causal, batch_size):
        # the wrapper's own method of the same name is not a registration's call
        self._plan_info = self._cached_module.plan.default(  # expected-error {{'plan' is called with 11 arguments, but its registration in}}
            self._float_workspace,
            self._int_workspace,
            self._pinned_workspace,
            qo_indptr,
            kv_indptr,
            kv_len,
            num_heads,
            head_dim,  # head_dim_o
            causal,
            batch_size,
            2 if self._use_cuda_graph else 0,
        )
