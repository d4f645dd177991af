#!/bin/sh
# On the device machine: jitguard's MLA decode and FlashMLA side by side, one after the other in
# one call, on the shapes of BENCHMARKS.md's table (issue 18), then one table of the two.
#   FLASHMLA: the bench_flashmla binary (../shared/anchors/flashmla/build.sh makes it; carried)
#   VARIANTS: the mla_decode variants to time (default: hopper portable)
#   MANIFESTS: manifests to time, each NAME=PATH[@V1+V2] (default: now=kernels/manifest.json); more
#     than one gives an A/B of kernel sources in one call, e.g. base=.device/base/manifest.json@hopper
#     (@: only those variants of that manifest)
#   SHAPES, ITERATIONS, ROUNDS (default 1: each shape once per manifest and variant).
# Raw output and the table go to $OUT (or a temporary folder); the table is printed last.
set -u
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
d=$(cd "$(dirname "$0")" && pwd)
logs=${OUT:-$(mktemp -d)}
shapes=${SHAPES:-128x4096 64x4096 128x8192 64x8192 32x2048 16x16384 1x16384}
variants=${VARIANTS:-hopper portable}
manifests=${MANIFESTS:-now=kernels/manifest.json}
iterations=${ITERATIONS:-50}
raw="$logs/mla-raw.txt"
: > "$raw"
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,clocks.max.mem --format=csv,noheader | tee -a "$raw"
for r in $(seq 1 "${ROUNDS:-1}"); do
  for m in $manifests; do
    vs=$variants
    case $m in *@*) vs=$(echo "${m#*@}" | tr '+' ' '); m=${m%@*} ;; esac
    for v in $vs; do
      for s in $shapes; do
        echo "=== jitguard $m $v $s" >> "$raw"
        timeout 180 "$d/run.sh" run-mla --manifest "${m#*=}" --no-check --bench --iterations "$iterations" \
          --batch "${s%x*}" --kv-len "${s#*x}" --variant "$v" >> "$raw" 2>&1 || echo "(exit $?)" >> "$raw"
      done
    done
  done
  if [ -n "${FLASHMLA:-}" ]; then
    echo "=== flashmla" >> "$raw"
    timeout 300 "$FLASHMLA" --shapes "$(echo $shapes | tr ' ' ',')" --csv "$logs/flashmla-$r.csv" >> "$raw" 2>&1 \
      || echo "(exit $?)" >> "$raw"
  fi
done
python3 "$d/mla_table.py" "$raw" "$logs"/flashmla-*.csv | tee "$logs/mla-table.txt"
