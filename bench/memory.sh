#!/usr/bin/env bash
# The heap `jitguard check` needs: for each input, the smallest -Xmx (bisected to 4 MB) with which
# the run ends as without a limit (same exit code and summary, no OutOfMemoryError), for
# BENCHMARKS.md: the bundled kernels (the manifest's every variant, instantiation and target),
# and generated hostile inputs of 1M tokens and of nesting 100,000 (bench/scaling.sh's kinds).
# Usage: bench/memory.sh [JITGUARD]   (writes bench/results/memory.txt)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jitguard=${1:-$here/target/jitguard}
dir=$(mktemp -d); out=$here/bench/results/memory.txt
summary() { grep -E '^(clean|[0-9]+ errors?|internal error)' "$1" | sed -E 's/ in [0-9]+ ms//' | tail -1 || true; }
need() { # label, lines, bytes, command...: the smallest heap that gives the unlimited run's result
  local label=$1 lines=$2 bytes=$3; shift 3
  local rc=0; JITGUARD_JAVA_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1" "$@" > "$dir/ref" 2>&1 || rc=$?
  local want; want="$rc $(summary "$dir/ref")"
  local lo=4 hi=4096 mid got
  while [ $((hi - lo)) -gt 4 ]; do
    mid=$(((lo + hi) / 2)); rc=0
    JITGUARD_JAVA_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx${mid}m -Xms4m" "$@" > "$dir/o" 2>&1 || rc=$?
    got="$rc $(summary "$dir/o")"
    if [ "$got" = "$want" ] && ! grep -q OutOfMemoryError "$dir/o"; then hi=$mid; else lo=$mid; fi
  done
  echo "| $label | $lines | $bytes | $hi | $(awk -v h="$hi" -v l="$lines" 'BEGIN{printf "%.1f", h*1024/l}') | $(awk -v h="$hi" -v b="$bytes" 'BEGIN{printf "%.1f", h*1048576/b}') | $want |"
}
{
  echo "# bench/memory.sh, $(date -u +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(git -C "$here" rev-parse --short HEAD)"
  echo "| input | lines | bytes | heap needed (MB) | KB per line | bytes of heap per input byte | exit, summary |"
  echo "| --- | --- | --- | --- | --- | --- | --- |"
  k=$here/kernels
  kl=$(find "$k" -type f \( -name "*.cu" -o -name "*.cuh" -o -name "*.h" \) -exec cat {} + | wc -l)
  kb=$(find "$k" -type f \( -name "*.cu" -o -name "*.cuh" -o -name "*.h" \) -exec cat {} + | wc -c)
  (cd "$here" && need "the bundled kernels (every variant, instantiation and target)" "$kl" "$kb" "$jitguard" check)
  for spec in tokens:1000000 parentheses:100000 template-arguments:100000 else-if-chain:100000 macro-arguments:100000 \
      lambdas:100000 if-groups:100000 typedef-chain:100000 binary-operators:100000; do
    kind=${spec%%:*}; n=${spec##*:}
    "$here/bench/scaling.sh" --generate "$kind" "$n" "$dir/in.cu"
    need "$kind $n" "$(wc -l < "$dir/in.cu")" "$(wc -c < "$dir/in.cu")" "$jitguard" check "$dir/in.cu"
  done
} | tee "$out"
rm -rf "$dir"
