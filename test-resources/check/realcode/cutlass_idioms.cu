// RUN-TARGETS: sm_90a
// RUN-NVRTC-FAILS: -
// CUTLASS's idioms: its own bit_cast<To, From> (a function template, called like any other, not
// std::bit_cast's one-type cast), descriptors padded with unnamed bit-fields (they declare no member
// and take no initializer), a class defined in an alias declaration (CuTe's TmaDescriptor) and
// shared storage as a union defined in place.
template <class To, class From>
__host__ __device__ constexpr To bit_cast(const From& from) noexcept {  // expected-note {{'bit_cast' declared here with 1 parameter}}
  return reinterpret_cast<To const&>(from);
}

using TmaDescriptor = struct alignas(64) { char bytes[128]; };

struct Descriptor {
  unsigned short start : 14, : 2;
  unsigned char : 1, base : 3, : 4;
  float* scale;
};

__global__ void kernel(float* out, int* bits) {
  out[0] = bit_cast<float, int>(0x7f800000);
  out[1] = bit_cast<float, int>(0x7f800000, 1);  // expected-error {{no declaration of 'bit_cast' takes 2 arguments [JG001]}}
  Descriptor good{1, 2, out};
  Descriptor bad{1, 2, bits};  // expected-error {{initializing 'float *' with an expression of type 'int *' [JG002]}}
  out[2] = good.scale[0] + bad.base;
  __shared__ union {
    float staged[32];
    TmaDescriptor descriptor;
  } storage;
  storage.staged[0] = out[3];
}
