// The very last character a backslash, no newline: gcc does not warn and NVRTC accepts the file
// (the backslash stays a stray token, an error only where the macro is used).
#define UNUSED_IN_THIS_FIXTURE 1 \