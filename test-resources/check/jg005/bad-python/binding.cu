// expected-no-diagnostics
void plan(int a, int b);

PYBIND11_MODULE(ext, m) {
  m.def("plan", &plan);
}
