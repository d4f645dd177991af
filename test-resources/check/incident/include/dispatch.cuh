// The dispatch macro: the body is expanded once per mask mode.
#pragma once

#define DISPATCH_MASK_MODE(MASK_MODE, ...)        \
  {                                               \
    { constexpr int MASK_MODE = 0; __VA_ARGS__(); } \
    { constexpr int MASK_MODE = 1; __VA_ARGS__(); } \
    { constexpr int MASK_MODE = 2; __VA_ARGS__(); } \
  }
