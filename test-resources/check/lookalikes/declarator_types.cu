// RUN-TARGETS: sm_90a
// RUN-INSTANTIATE: use_boxes<float>
// RUN-NVRTC-COMPILES: use_boxes<float>
// expected-no-diagnostics
// Template arguments that are pointers or references to arrays and functions (abstract
// declarators): they parse, and nothing about them is a finding.
template <typename T>
struct Box {
  T value;
};

__device__ int twice(int x, float) { return 2 * x; }

template <typename T>
__global__ void use_boxes(T* out) {
  T rows[2][8] = {};
  Box<T(*)[8]> by_row{rows};
  Box<int (*)(int, float)> fn{&twice};
  Box<const char(&)[4]> name{"abc"};
  out[0] = by_row.value[1][3] + static_cast<T>(fn.value(3, 0.f)) + static_cast<T>(name.value[0]);
}
