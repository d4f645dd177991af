#pragma once
#include "deep/factor.cuh"

template <typename T>
__device__ T Scaled(T v) {
  return v * static_cast<T>(kFactor * SCALE);
}
