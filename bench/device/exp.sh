#!/bin/sh
# Tuning experiments (manifest-experiment.json): timing only, no check.
set -u
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
d=$(cd "$(dirname "$0")" && pwd)
m=${TUNE_MANIFEST:-kernels/manifest-experiment.json}
b() { echo "\$ run-mla $*"; "$d/run.sh" run-mla --manifest "$m" --no-check --bench --iterations 20 "$@" 2>&1 | grep -E '^[a-z]+ +[0-9]+ x|rror|xception'; }
for v in ${EXP_VARIANTS:-hopper hnoload hnomma portable pnoload pnomma}; do
  b --batch 128 --kv-len 4096 --variant $v
done
b --batch 128 --kv-len 4096 --heads 64 --variant hopper
