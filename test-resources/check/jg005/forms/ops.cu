// Each registration form, with and without what the caller can see of its parameters.
#include <torch/extension.h>

at::Tensor scale(at::Tensor x, double factor); // expected-note {{'scale' declared here with 2 parameters}}
at::Tensor add_cuda(at::Tensor a, at::Tensor b, double alpha);
at::Tensor norm(at::Tensor x, double eps);
void fill(at::Tensor x, double v = 0.0); // a C++ default: Python does not see it through &fill
int overloaded(int a);
int overloaded(int a, int b);

namespace ext {
void nested(at::Tensor x, at::Tensor y, at::Tensor z);
}

TORCH_LIBRARY(myops, m) {
  m.def("scale", &scale); // expected-note {{'scale' registered here (TORCH_LIBRARY, def)}}
  m.def("add(Tensor a, Tensor b, float alpha=1.0) -> Tensor"); // expected-note {{'add' registered here}}
  m.def("fill", TORCH_FN(fill));
  m.def("nested", &ext::nested);
  m.def("twice", &overloaded);
}

TORCH_LIBRARY_IMPL(myops, CUDA, m) {
  m.impl("add", &add_cuda); // the schema above says what Python may pass
}

void solo(at::Tensor x);

// a namespace the build defines (-DTORCH_EXTENSION_NAME=...): a torch.ops call of any namespace may reach it
TORCH_LIBRARY_FRAGMENT(TORCH_EXTENSION_NAME, m) {
  m.def("solo", &solo);
}

PYBIND11_MODULE(ext_module, m) {
  m.def("norm", &norm, "normalise x", py::arg("x"), py::arg("eps") = 1e-6); // expected-note {{'norm' registered here (PYBIND11_MODULE, def)}}
  m.def("lam", [](int a, int b) { return a + b; });
}
