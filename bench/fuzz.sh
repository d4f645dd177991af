#!/usr/bin/env bash
# Fuzzes each @FuzzTest for SECONDS (default 60) in turn with Jazzer (JAZZER_FUZZ=1), a hang being an
# input over 5 s, and writes what each did (inputs run, time, peak RSS, findings) to
# bench/results/fuzz.txt. A finding is written by Jazzer into the project folder (crash-*, timeout-*):
# reproduce it, fix it, and move it under the test's Inputs folder (README: Fuzzing).
# Usage: bench/fuzz.sh [SECONDS] [Class#method ...]
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}; shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(CheckFuzzTest#checkSource CheckFuzzTest#checkWithBundledHeaders
  ReaderFuzzTest#manifest ReaderFuzzTest#configuration ReaderFuzzTest#target ReaderFuzzTest#nvrtcLog)
out=${OUT:-bench/results/fuzz.txt}
# the budgets of bench/device/fuzz.sh (which says why)
budget=${FUZZ_BUDGET:--Djitguard.budget.expansion=50000 -Djitguard.budget.expansion-per-token=16 \
-Djitguard.budget.output=16384 -Djitguard.budget.output-per-token=4 -Djitguard.budget.includes=500 \
-Djitguard.budget.instantiations=1000 -Djitguard.budget.steps=100000}
mvn -q -DskipTests test-compile >/dev/null
{
  echo "# bench/fuzz.sh $secs, $(date -u +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(git rev-parse --short HEAD)"
  echo "| fuzz test | inputs | seconds | inputs/s | peak RSS (MB) | crashes | hangs (> 5 s) |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
} > "$out"
for t in "${targets[@]}"; do
  log=target/fuzz-${t//#/-}.log
  before=$(ls crash-* timeout-* 2>/dev/null | wc -l)
  JAZZER_FUZZ=1 mvn -o test -Dtest="$t" $budget -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$secs" \
    -Djazzer.internal.arg.2=-timeout=5 > "$log" 2>&1
  runs=$(grep -oE '^Done [0-9]+ runs in [0-9]+' "$log" | tail -1)
  n=$(echo "$runs" | awk '{print $2}'); s=$(echo "$runs" | awk '{print $5}')
  rss=$(grep -oE 'rss: [0-9]+Mb' "$log" | grep -oE '[0-9]+' | sort -n | tail -1)
  crashes=$(ls crash-* 2>/dev/null | wc -l); hangs=$(ls timeout-* 2>/dev/null | wc -l)
  echo "| $t | ${n:-?} | ${s:-?} | $([ -n "$n" ] && [ "${s:-0}" -gt 0 ] && echo $((n / s)) || echo ?) | ${rss:-?} | $((crashes)) | $((hangs)) |" >> "$out"
  [ "$(ls crash-* timeout-* 2>/dev/null | wc -l)" -gt "$before" ] && echo "  $t: new finding(s): $(ls crash-* timeout-* | tr '\n' ' ')" >> "$out"
done
cat "$out"
