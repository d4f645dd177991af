// Two functions with a finding each. The tests of the error path make the analysis of 'boom'
// fail (-Djitguard.test.failAnalysisOf=boom): the finding in 'good' must still be reported.
__device__ int takes_two(int a, int b) { return a + b; }

__device__ int good() {
  return takes_two(1);
}

__device__ int boom() {
  return takes_two(1, 2, 3);
}
