#!/bin/sh
# On the device machine: a handful of run-mla --check runs that exercise the plan's splits and the
# merge (a heavily split single request, a batch of 32 split in two, a ragged batch with many
# length-1 requests and an empty one), for each variant named (default: hopper portable), of the
# kernels of QUICK_MANIFEST (default: the bundled manifest).
set -u
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
d=$(cd "$(dirname "$0")" && pwd)
for v in ${*:-hopper portable}; do
  for shape in "--batch 1 --kv-len 65536" "--batch 32 --kv-len 2048" \
      "--kv-len 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,7000,0,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,300"; do
    echo "\$ run-mla $shape --variant $v"
    timeout 240 "$d/run.sh" run-mla ${QUICK_MANIFEST:+--manifest "$QUICK_MANIFEST"} $shape --variant "$v" 2>&1 | grep -E 'variant:|prepared|work items|relative|^ok|MISMATCH|rror|xception'
  done
done
