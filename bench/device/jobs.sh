#!/bin/sh
# On the device machine (16 cores, its NVRTC 13.0): jitguard compile of the bundled matrix with
# --jobs 1, 2, 4, 8 and 16, compiling in this process's threads (--workers off) and in worker
# processes (--workers on), no cache, no check; whole wall time of each run.
set -u
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
d=$(cd "$(dirname "$0")" && pwd)
export JITGUARD_CACHE_DIR="$(mktemp -d)"
# one untimed compile first: the toolkit's headers and NVRTC's files in the page cache (the first
# compile of a fresh machine reads them from disk: 123 s at --jobs 1 in the first measurement)
"$d/run.sh" compile --no-cache --no-check --jobs 16 --workers off --out "$JITGUARD_CACHE_DIR/warm" --quiet > /dev/null 2>&1
nproc; nvidia-smi --query-gpu=name --format=csv,noheader
for w in off on; do
  for j in 1 2 4 8 16; do
    s=$(date +%s%N)
    line=$("$d/run.sh" compile --no-cache --no-check --jobs $j --workers $w --out "$JITGUARD_CACHE_DIR/out" --quiet 2>&1 | tail -1)
    e=$(date +%s%N)
    echo "workers=$w jobs=$j: $(( (e - s) / 1000000 )) ms; $line"
  done
done
