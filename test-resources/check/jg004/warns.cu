// RUN-TARGETS: sm_80
// RUN-NVRTC-COMPILES: -
// JG004 as gcc sees it: the last logical line of a header continued by a line splice and ended by
// the end of the file (gcc's 'backslash-newline at end of file', once per pass). NVRTC accepts it,
// so it is a warning, at the line's first splice where gcc points; the other two headers are clean.
// expected-warning@unterminated_splice.h:2 {{backslash-newline at end of file: the last line of 'unterminated_splice.h' is continued by a line splice and not ended by a newline [JG004]}}
#include "unterminated_splice.h"
#include "terminated.h"
#include "backslash_at_eof.h"

__global__ void touch(int* x) { x[0] = 1; }
