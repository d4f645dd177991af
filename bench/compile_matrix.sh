#!/usr/bin/env bash
# Benchmarks for BENCHMARKS.md: the whole bundled matrix, cold (a new JVM each run), with
# --jobs 1 and --jobs 2; then one kernel for one target, NVRTC in-process vs nvcc -cubin.
# Usage: bench/compile_matrix.sh [RUNS]   (after mvn -DskipTests package; writes bench/results/)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
out=bench/results/compile-matrix.txt
mkdir -p bench/results
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
{
  echo "# bench/compile_matrix.sh, $(date -u +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  for jobs in 1 2; do
    times=()
    for i in $(seq "$runs"); do
      rm -rf target/bench-out
      s=$(date +%s.%N)
      target/jitguard compile --jobs "$jobs" --out target/bench-out --quiet > /dev/null
      e=$(date +%s.%N)
      times+=("$(echo "$e - $s" | bc)")
    done
    echo "matrix jobs=$jobs wall_s: ${times[*]} median $(printf '%s\n' "${times[@]}" | median)"
  done
  unit='mla_decode/portable[q=bf16,kv=bf16,o=bf16]@sm_90a'
  nv=()
  for i in $(seq 5); do
    rm -rf target/bench-one
    target/jitguard compile --jobs 1 --family mla_decode --targets sm_90a --out target/bench-one --quiet > /dev/null
    nv+=("$(python3 -c "import json; d=json.load(open('target/bench-one/index.json')); print([u['compileMillis'] for u in d['units'] if u['name']=='$unit'][0])")")
  done
  echo "one kernel NVRTC 13.3 in-process ($unit) ms: ${nv[*]} median $(printf '%s\n' "${nv[@]}" | median)"
  tmp=$(mktemp -d)
  cat > "$tmp/one.cu" <<CU
#include "$(pwd)/kernels/mla/mla_decode_portable.cu"
template __global__ void jitguard::mla::portable::plan_kernel<int>(const int*, unsigned, unsigned, unsigned, unsigned, int*, int*, int*, int*, int*, int*);
template __global__ void jitguard::mla::portable::decode_kernel<__nv_bfloat16, __nv_bfloat16, __nv_bfloat16, int>(const jitguard::mla::MLAParams<__nv_bfloat16, __nv_bfloat16, __nv_bfloat16, int>);
CU
  if [ -x /usr/local/cuda/bin/nvcc ]; then
    nc=()
    for i in $(seq 5); do
      s=$(date +%s%N)
      /usr/local/cuda/bin/nvcc -cubin -arch=sm_90a -std=c++17 -Ikernels/include "$tmp/one.cu" -o "$tmp/one.cubin"
      e=$(date +%s%N)
      nc+=("$(( (e - s) / 1000000 ))")
    done
    echo "one kernel $(/usr/local/cuda/bin/nvcc --version | tail -2 | head -1 | xargs) -cubin (same kernel and target, a new process each) ms: ${nc[*]} median $(printf '%s\n' "${nc[@]}" | median)"
  fi
  rm -rf "$tmp" target/bench-out target/bench-one
} | tee "$out"
