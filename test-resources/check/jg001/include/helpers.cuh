// A header whose inline function calls a planner with a stale argument count.
#pragma once
__device__ int plan(int batch, int heads, int cluster) { return batch * heads * cluster; }  // expected-note {{'plan' declared here with 3 parameters}}

__device__ int stale_header_caller() { return plan(16, 128); }
