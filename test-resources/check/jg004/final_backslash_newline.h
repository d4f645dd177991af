// Its last bytes a backslash and a newline: NVRTC rejects the file.
#define FOR_EACH_HEAD_DIM(X) \
  X(512, 64) \
