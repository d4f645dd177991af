// expected-no-diagnostics
// The registered functions are declared in a header that is not there: nothing can be said.
#include "kernels_api.h"

TORCH_LIBRARY_FRAGMENT(TORCH_EXTENSION_NAME, m) {
  m.def("plan", &Plan);
  m.def("run", &Run);
}
