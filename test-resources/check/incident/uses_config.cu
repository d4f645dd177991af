// RUN-TARGETS: sm_80,sm_90a
// RUN-NVRTC-FAILS: -
// expected-error@generated/mla_config.h:5 {{last line of 'mla_config.h' ends with a backslash [JG004]}}
// The generated header is included twice (and checked for two targets): one finding.
#include "generated/mla_config.h"
#include "generated/mla_config.h"
#include "include/dispatch.cuh"

__global__ void touch(int* x) { x[0] = 1; }
