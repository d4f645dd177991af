#!/usr/bin/env bash
# The kernel cache on the bundled matrix, for BENCHMARKS.md: cold runs (the cache cleared before
# each) and warm runs (every unit from the cache), each a new process, whole wall time including the
# JVM's start. Run after mvn -DskipTests package; uses the user's cache folder (JITGUARD_CACHE_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/results/cache.txt
runs=${RUNS:-3}
warm=${WARM:-7}
t() { local s e; s=$(date +%s%N); "$@" > /tmp/jitguard-cache-bench.txt 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
{
  echo "# bench/cache.sh, $(date -u +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  cold=()
  for i in $(seq "$runs"); do
    target/jitguard cache clear > /dev/null
    cold+=("$(t target/jitguard compile --out target/bench-cache-out)")
  done
  echo "cold (cache cleared), ms: ${cold[*]}"
  tail -2 /tmp/jitguard-cache-bench.txt | head -1
  w=()
  for i in $(seq "$warm"); do w+=("$(t target/jitguard compile --out target/bench-cache-out)"); done
  echo "warm (every unit from the cache), ms: ${w[*]}"
  tail -2 /tmp/jitguard-cache-bench.txt | head -1
  n=()
  for i in $(seq "$warm"); do n+=("$(t target/jitguard compile --no-check --out target/bench-cache-out)"); done
  echo "warm with --no-check, ms: ${n[*]}"
  med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
  c=$(med "${cold[@]}"); m=$(med "${w[@]}")
  echo "medians: cold $c ms, warm $m ms: warm is $(awk -v a="$m" -v b="$c" 'BEGIN {printf "%.2f", 100*a/b}')% of cold"
} | tee "$out"
