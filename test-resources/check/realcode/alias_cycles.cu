// RUN-TARGETS: sm_90a
// RUN-INSTANTIATE: ring<4>
// RUN-NVRTC-FAILS: ring<4>
// Aliases whose name is the name they alias, in an inner scope: the alias's own name is not in
// scope inside its definition, so each names the outer entity. Resolving them must neither loop
// nor stop at the alias.
#include <cuda_fp16.h>

template <int N>
struct Sync {
  float* slots;
};

template <int N>
struct Ring {
  using Sync = Sync<N>;  // the class template above, not this member
  Sync sync;
};

struct Shape {
  __half* data;
};

namespace cfg {
using Shape = Shape;  // the global Shape
}

template <int N>
__global__ void ring(Ring<N> r, cfg::Shape s) {
  float* slots = r.sync.slots;
  __half* stale = r.sync.slots;  // expected-error {{initializing '__half *' with an expression of type 'float *' [JG002]}}
  float* wrong = s.data;  // expected-error {{initializing 'float *' with an expression of type '__half *' [JG002]}}
  (void)slots; (void)stale; (void)wrong;
}
