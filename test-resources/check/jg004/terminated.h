// The same header with its final newline: nothing to report.
#define FOR_EACH_HEAD_DIM(X) \
  X(512, 64) \
  X(128, 16)
