#!/bin/sh
# On the device machine: issue 5's acceptance pass. For each variant named (default: hopper and
# portable): run-mla --check at batch 1/16/64/128 x kv 512/4096/16384 and a ragged batch (128 heads,
# bf16, page 64), then the benchmark rows of BENCHMARKS.md. With EXTRAS=1 also: a 20-head fp16/fp32
# run on page 16, the variant chosen without --variant, the GPU JUnit tests and the cuda-python
# cross-check (the machine's NVRTC compiling the kernel sources itself).
# One variant fits one 10-minute call; `gpu.sh extras` runs the extras alone.
set -u
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
d=$(cd "$(dirname "$0")" && pwd)
run() { echo "\$ jitguard run-mla $*"; timeout 200 "$d/run.sh" run-mla "$@"; echo "(exit $?)"; echo; }
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,clocks.max.mem --format=csv,noheader
variants=${*:-hopper portable}
if [ "$variants" = extras ]; then variants=; EXTRAS=1; fi
for v in $variants; do
  for b in 1 16 64 128; do
    for kv in 512 4096 16384; do
      run --batch $b --kv-len $kv --variant $v 2>&1 | grep -E '^\$|variant:|relative|^ok|MISMATCH|rror|xception|exit'
    done
  done
  run --kv-len 1,77,1000,0,64,4095,513,16383 --variant $v 2>&1 | grep -vE '^device:|ptxas info    : (Compil|Function|48)'
  run --batch 128 --kv-len 4096 --variant $v --bench 2>&1 | grep -vE '^device:|ptxas info    : (Compil|Function|48)'
  run --batch 16 --kv-len 16384 --variant $v --bench 2>&1 | grep -vE '^device:|ptxas info    : (Compil|Function|48)'
done
if [ "${EXTRAS:-0}" = 1 ]; then
  run --batch 4 --kv-len 2000 --heads 20 --page-size 16 --q fp16 --kv fp16 --o fp32
  run --batch 16 --kv-len 4096 2>&1 | grep -E '^\$|variant:'
  cp=$(ls "$d"/lib/*.jar | tr '\n' ':')
  echo "\$ JUnit console: io.jitguard.gpu.GpuMlaTest"
  "$d/jre/bin/java" -jar "$d/junit/junit-platform-console-standalone-1.14.1.jar" execute -cp "$cp$d/test-classes" \
    --select-class io.jitguard.gpu.GpuMlaTest --details=tree --disable-banner 2>&1 | tail -16
  echo "\$ python3 bench/verify_mla_cuda_python.py"
  timeout 300 python3 "$d/../bench/verify_mla_cuda_python.py" 2>&1 | tail -20
fi
