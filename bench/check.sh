#!/usr/bin/env bash
# Benchmarks of the static checker for BENCHMARKS.md: the bundled matrix (cold process and warm),
# and generated sources of 10k, 50k and 100k lines. Run after mvn -DskipTests package test-compile.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/results/check.txt
mkdir -p target/bench-check bench/results
for n in 10000 50000 100000; do python3 bench/gen_check_source.py "$n" "target/bench-check/gen_$n.cu"; done
mvn -q dependency:build-classpath -Dmdep.outputFile=target/bench-check/cp.txt > /dev/null
cp="target/classes:target/test-classes:$(cat target/bench-check/cp.txt)"
{
  echo "# bench/check.sh, $(date -u +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  cold=()
  self=()
  for i in 1 2 3 4 5; do
    s=$(date +%s%N); target/jitguard check > target/bench-check/run.txt; e=$(date +%s%N)
    cold+=("$(( (e - s) / 1000000 ))")
    self+=("$(sed -n 's/.* in \([0-9]*\) ms.*/\1/p' target/bench-check/run.txt)")
  done
  echo "jitguard check (bundled matrix), whole process incl. JVM start, ms: ${cold[*]}"
  echo "jitguard check (bundled matrix), the checker's own time in that process, ms: ${self[*]}"
  # the serial collector keeps 2-core timings steady (G1's concurrent threads compete for the cores)
  java -XX:+UseSerialGC -cp "$cp" io.jitguard.bench.CheckBenchmark kernels/manifest.json target/bench-check/gen_10000.cu \
    target/bench-check/gen_50000.cu target/bench-check/gen_100000.cu
} | tee "$out"
