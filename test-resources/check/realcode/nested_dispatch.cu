// RUN-TARGETS: sm_90a
// RUN-NVRTC-FAILS: -
// Nested dispatch macros, each expanding its lambda once per case (3 x 2 copies of the inner
// body): one finding per line the user wrote, with a note at the outermost macro invocation.
#include <cuda_fp16.h>

enum class Mode { kNone, kCausal, kCustom };

#define DISPATCH_MODE(mode, MODE, ...)           \
  switch (mode) {                                \
    case Mode::kNone: {                          \
      constexpr Mode MODE = Mode::kNone;         \
      __VA_ARGS__();                             \
      break;                                     \
    }                                            \
    case Mode::kCausal: {                        \
      constexpr Mode MODE = Mode::kCausal;       \
      __VA_ARGS__();                             \
      break;                                     \
    }                                            \
    default: {                                   \
      constexpr Mode MODE = Mode::kCustom;       \
      __VA_ARGS__();                             \
    }                                            \
  }

#define DISPATCH_BOOL(cond, B, ...) \
  if (cond) {                       \
    constexpr bool B = true;        \
    __VA_ARGS__();                  \
  } else {                          \
    constexpr bool B = false;       \
    __VA_ARGS__();                  \
  }

template <Mode MODE, bool SPLIT>
__device__ void run(float* partial_o, int n) {}  // expected-note {{passing argument 1 to parameter 'partial_o' of 'run' here}}
// expected-note@-1 {{'run' declared here with 2 parameters}}

__device__ void launch(Mode mode, bool split, __half* o, float* partial) {
  DISPATCH_MODE(mode, MODE, [&] {  // expected-note {{expanded from macro 'DISPATCH_MODE'}}
    DISPATCH_BOOL(split, SPLIT, [&] {
      run<MODE, SPLIT>(partial, 1);
      run<MODE, SPLIT>(o, 1);  // expected-error {{passing '__half *' to parameter of type 'float *' [JG002]}}
      run<MODE, SPLIT>(partial);  // expected-error {{no declaration of 'run' takes 1 argument [JG001]}}
    });
  });
}
