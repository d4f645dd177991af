#!/usr/bin/env bash
# jitguard compile of the bundled matrix with this machine's NVRTC (13.3 from Maven Central) at
# --jobs 1 and 2, in one process's threads and in worker processes; no cache, no check.
set -euo pipefail
cd "$(dirname "$0")/.."
{
  echo "# bench/jobs_local.sh, $(date -u +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  for run in "1 off" "2 off" "2 on"; do
    set -- $run
    s=$(date +%s%N)
    line=$(target/jitguard compile --no-cache --no-check --jobs "$1" --workers "$2" --out target/bench-jobs --quiet 2>&1 | tail -1)
    e=$(date +%s%N)
    echo "workers=$2 jobs=$1: $(( (e - s) / 1000000 )) ms; $line"
  done
} | tee bench/results/jobs-local-nvrtc133.txt
