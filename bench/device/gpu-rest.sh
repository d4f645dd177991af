#!/bin/sh
# The part of gpu.sh that the first acceptance run did not reach within the 10-minute limit.
set -u
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
d=$(cd "$(dirname "$0")" && pwd)
run() { echo "\$ jitguard run-mla $*"; "$d/run.sh" run-mla "$@"; echo "(exit $?)"; echo; }
run --batch 128 --kv-len 16384 --variant hopper 2>&1 | grep -vE '^device:'
run --batch 128 --kv-len 16384 --variant portable 2>&1 | grep -vE '^device:'
run --kv-len 1,77,1000,0,64,4095,513,16383 --variant portable 2>&1 | grep -vE '^device:'
run --batch 128 --kv-len 4096 --variant portable --bench 2>&1 | grep -vE '^device:|ptxas info    : (Compil|Function|48)'
run --batch 16 --kv-len 16384 --variant portable --bench 2>&1 | grep -vE '^device:|ptxas info    : (Compil|Function|48)'
run --batch 4 --kv-len 2000 --heads 20 --page-size 16 --q fp16 --kv fp16 --o fp32
run --batch 16 --kv-len 4096 2>&1 | grep -E 'variant:'
cp=$(ls "$d"/lib/*.jar | tr '\n' ':')
echo "\$ JUnit console: io.jitguard.gpu.GpuMlaTest"
"$d/jre/bin/java" -jar "$d/junit/junit-platform-console-standalone-1.14.1.jar" execute -cp "$cp$d/test-classes" \
  --select-class io.jitguard.gpu.GpuMlaTest --details=tree --disable-banner 2>&1 | tail -16
