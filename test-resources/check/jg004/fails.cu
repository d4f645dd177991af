// RUN-TARGETS: sm_80
// RUN-NVRTC-FAILS: -
// A header whose last bytes are a backslash and a newline: NVRTC rejects it ('last line of file
// ends with a backslash'), an error at that backslash.
// expected-error@final_backslash_newline.h:3 {{last line of 'final_backslash_newline.h' ends with a backslash [JG004]}}
#include "final_backslash_newline.h"

__global__ void touch(int* x) { x[0] = 1; }
