#!/bin/sh
# On the device machine: an A/B timing of mla_decode variants in one call (machines differ by
# 10-15%, so only runs on the same machine compare): for each of ROUNDS rounds, every variant at
# 128 x 4096 and 16 x 16384, timing only (--no-check), 100 runs each. The variants may come from an
# experiment manifest (TUNE_MANIFEST), e.g. the last committed kernel beside a change.
set -u
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
d=$(cd "$(dirname "$0")" && pwd)
m=${TUNE_MANIFEST:-kernels/manifest.json}
nvidia-smi --query-gpu=name,clocks.max.sm --format=csv,noheader
for r in $(seq 1 "${ROUNDS:-2}"); do
  for shape in "--batch 128 --kv-len 4096" "--batch 16 --kv-len 16384"; do
    for v in "$@"; do
      timeout 120 "$d/run.sh" run-mla --manifest "$m" --no-check --bench --iterations 100 $shape --variant "$v" 2>&1 \
        | grep -E '^[a-z_0-9]+ +[0-9]+ x|^median per kernel|rror|xception'
    done
  done
done
