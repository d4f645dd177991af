#!/bin/sh
# On the device machine: a short correctness pass and the two benchmark rows of BENCHMARKS.md for
# both variants, for tuning iterations (gpu.sh is the full acceptance run).
set -u
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
d=$(cd "$(dirname "$0")" && pwd)
run() { echo "\$ jitguard run-mla $*"; "$d/run.sh" run-mla "$@"; echo "(exit $?)"; echo; }
for v in hopper portable; do
  run --kv-len 1,77,1000,0,64,4095,513 --variant $v 2>&1 | grep -vE '^device:|ptxas info    : (Compil|Function|48)'
  run --batch 4 --kv-len 2000 --heads 20 --page-size 16 --q fp16 --kv bf16 --o fp32 --variant $v 2>&1 | grep -E '^\$|variant:|relative|^ok|MISMATCH|rror'
  run --batch 128 --kv-len 4096 --variant $v --bench 2>&1 | grep -vE '^device:|ptxas info    : (Compil|Function|48)'
  run --batch 16 --kv-len 16384 --variant $v --bench 2>&1 | grep -vE '^device:|ptxas info    : (Compil|Function|48)'
done
