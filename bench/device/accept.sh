#!/bin/sh
# On the device machine: the tensor-core kernels' acceptance pass that fits the device budget:
# both variants on ragged and fixed DeepSeek-V3 shapes (128 heads, bf16, page 64), the two
# benchmark rows of BENCHMARKS.md, a 20-head fp16/fp32 run, then the GPU JUnit tests.
set -u
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
d=$(cd "$(dirname "$0")" && pwd)
run() { echo "\$ jitguard run-mla $*"; "$d/run.sh" run-mla "$@"; echo "(exit $?)"; echo; }
nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,clocks.max.mem --format=csv,noheader
for v in hopper portable; do
  run --kv-len 1,77,1000,0,64,4095,513,16383 --variant $v 2>&1 | grep -vE '^device:|ptxas info    : (Compil|Function|48)'
  run --batch 1 --kv-len 16384 --variant $v 2>&1 | grep -E '^\$|variant:|relative|^ok|MISMATCH|rror'
  run --batch 64 --kv-len 512 --variant $v 2>&1 | grep -E '^\$|variant:|relative|^ok|MISMATCH|rror'
  run --batch 128 --kv-len 4096 --variant $v --bench 2>&1 | grep -vE '^device:|ptxas info    : (Compil|Function|48)'
  run --batch 16 --kv-len 16384 --variant $v --bench 2>&1 | grep -vE '^device:|ptxas info    : (Compil|Function|48)'
done
run --batch 4 --kv-len 2000 --heads 20 --page-size 16 --q fp16 --kv fp16 --o fp32
run --batch 16 --kv-len 4096 2>&1 | grep -E '^\$|variant:'
cp=$(ls "$d"/lib/*.jar | tr '\n' ':')
echo "\$ JUnit console: io.jitguard.gpu.GpuMlaTest"
"$d/jre/bin/java" -jar "$d/junit/junit-platform-console-standalone-1.14.1.jar" execute -cp "$cp$d/test-classes" \
  --select-class io.jitguard.gpu.GpuMlaTest --details=tree --disable-banner 2>&1 | tail -16
