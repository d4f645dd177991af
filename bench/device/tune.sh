#!/bin/sh
# On the device machine: a short correctness pass and the two benchmark rows of BENCHMARKS.md for
# the given variants (default: both), for tuning iterations (gpu.sh is the full acceptance run).
# TUNE_MANIFEST may name another manifest (one with experimental variants). Every run has a time
# limit, so a kernel that hangs costs minutes, not the whole call.
set -u
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
d=$(cd "$(dirname "$0")" && pwd)
m=${TUNE_MANIFEST:-kernels/manifest.json}
run() { echo "\$ jitguard run-mla $*"; timeout 150 "$d/run.sh" run-mla --manifest "$m" "$@"; echo "(exit $?)"; echo; }
for v in ${*:-hopper portable}; do
  # page sizes: 64 (one tensor copy box per page), 16 (four boxes), 12 (cp.async: no 8-row boxes)
  for ps in 64 16 12; do
    run --kv-len 1,77,1000,0,64,4095,513 --heads 20 --page-size $ps --variant $v 2>&1 | grep -E '^\$|variant:|relative|^ok|MISMATCH|rror|xception|exit'
  done
  run --batch 128 --kv-len 4096 --variant $v --bench 2>&1 | grep -vE '^device:|ptxas info    : (Compil|Function|48)'
  run --batch 16 --kv-len 16384 --variant $v --bench 2>&1 | grep -vE '^device:|ptxas info    : (Compil|Function|48)'
done
