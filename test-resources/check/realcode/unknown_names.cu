// RUN-TARGETS: sm_90a
// RUN-NVRTC-OPTIONS: -DJITGUARD_STAND_INS
// RUN-NVRTC-FAILS: -
// Host code whose library headers are missing (the checker sees <torch/extension.h> as missing;
// NVRTC gets small stand-ins): the syntax still says what is a declaration, and the calls inside
// are checked, since a call's arity does not depend on its arguments' types.
#ifdef JITGUARD_STAND_INS
namespace at {
struct Device {};
struct Tensor {
  void* data_ptr() const { return nullptr; }
  long size(int) const { return 0; }
  Device device() const { return {}; }
};
}  // namespace at
namespace c10 { namespace cuda {
struct OptionalCUDAGuard { explicit OptionalCUDAGuard(at::Device) {} };
}}  // namespace c10::cuda
namespace std {
template <typename T> struct vector { T* data() { return nullptr; } };
struct ostringstream { ostringstream& operator<<(long) { return *this; } };
}  // namespace std
using cudaStream_t = void*;
#else
#include <torch/extension.h>  // expected-note {{cannot find include <torch/extension.h>; checking goes on without it}}
#include <vector>
#include <sstream>
#endif

inline int Plan(void* buffer, long bytes, int* indptr, unsigned batch_size, unsigned cluster_size, // expected-note {{'Plan' declared here with 6 parameters}}
                cudaStream_t stream) {
  return 0;
}

at::Tensor PlanOp(at::Tensor workspace, at::Tensor indptr, long batch_size) {
  std::vector<int> lengths;
  std::ostringstream oss;
  oss << batch_size;
  const c10::cuda::OptionalCUDAGuard guard(workspace.device());
  cudaStream_t stream = nullptr;
  int status = Plan(workspace.data_ptr(), workspace.size(0), static_cast<int*>(indptr.data_ptr()), // expected-error {{no declaration of 'Plan' takes 5 arguments [JG001]}}
                    batch_size, stream);
  (void)status;
  return workspace;
}

at::Tensor PlanOpFixed(at::Tensor workspace, at::Tensor indptr, long batch_size) {
  cudaStream_t stream = nullptr;
  Plan(workspace.data_ptr(), workspace.size(0), static_cast<int*>(indptr.data_ptr()), batch_size, 1, stream);
  return workspace;
}
