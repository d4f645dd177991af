// RUN-TARGETS: sm_90a
// RUN-NVRTC-COMPILES: -
// RUN-NVRTC-FAILS: stale<int>
// A call whose arguments depend on a template's parameters is resolved by a compiler only when it
// compiles an instantiation. In a template nothing instantiates, a call no declaration accepts is
// a warning (the file compiles; an instantiation would not); once instantiated, an error.
template <typename T>
__device__ void merge(T* o, const T* partial, int n) {}  // expected-note {{'merge' declared here with 3 parameters}}

template <typename T>
__device__ void stale(T* o, const T* partial) {
  merge(o, partial);  // expected-warning {{no declaration of 'merge' takes 2 arguments [JG001]}}
}
// expected-note@-2 {{NVRTC reports this when it compiles an instantiation, and none in this unit reaches it}}

__device__ void direct(float* o, const float* partial) {
  merge(o, partial, 4);
}
