// A generated header whose renderer dropped the final newline: gcc warns, NVRTC accepts.
#define FOR_EACH_HEAD_DIM(X) \
  X(512, 64) \
  X(128, 16)