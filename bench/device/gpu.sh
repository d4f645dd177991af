#!/bin/sh
# On the device machine: issue 5's acceptance pass, in one call.
# First, side by side (the checks are mostly host work: inputs, the float64 reference):
#   - for each variant named (default: hopper and portable): run-mla --check at batch 1/16/64/128 x
#     kv 512/4096/16384 and a ragged batch (128 heads, bf16, page 64), and ragged 20-head runs on
#     pages of 16 (four tensor-copy boxes) and 12 (no 8-row box: cp.async);
#   - the extras: a 20-head fp16/fp32 run, the variant chosen without --variant, the GPU JUnit tests
#     and the cuda-python cross-check (the machine's NVRTC compiling the kernel sources itself).
# Then, alone on the GPU, the benchmark rows of BENCHMARKS.md for each variant.
# Each part's log goes to $OUT (or a temporary folder); all are printed at the end, in order.
# Every run has a time limit, so a kernel that hangs costs minutes, not the whole call.
set -u
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
d=$(cd "$(dirname "$0")" && pwd)
logs=${OUT:-$(mktemp -d)}
variants=${*:-hopper portable}
run() { echo "\$ jitguard run-mla $*"; timeout 240 "$d/run.sh" run-mla "$@"; echo "(exit $?)"; echo; }
short() { grep -E '^\$|variant:|relative|^ok|MISMATCH|rror|xception|exit'; }

checks() {
  for b in 1 16 64 128; do
    for kv in 512 4096 16384; do
      run --batch $b --kv-len $kv --variant "$1" 2>&1 | short
    done
  done
  run --kv-len 1,77,1000,0,64,4095,513,16383 --variant "$1" 2>&1 | grep -vE '^device:'
  for ps in 16 12; do
    run --kv-len 1,77,1000,0,64,4095,513 --heads 20 --page-size $ps --variant "$1" 2>&1 | short
  done
}

extras() {
  run --batch 4 --kv-len 2000 --heads 20 --page-size 16 --q fp16 --kv fp16 --o fp32
  run --batch 16 --kv-len 4096 2>&1 | short
  cp=$(ls "$d"/lib/*.jar | tr '\n' ':')
  echo "\$ JUnit console: io.jitguard.gpu.GpuMlaTest"
  "$d/jre/bin/java" -jar "$d/junit/junit-platform-console-standalone-1.14.1.jar" execute -cp "$cp$d/test-classes" \
    --select-class io.jitguard.gpu.GpuMlaTest --details=tree --disable-banner 2>&1 | tail -16
  echo "\$ python3 bench/verify_mla_cuda_python.py"
  timeout 300 python3 "$d/../bench/verify_mla_cuda_python.py" 2>&1 | tail -20
}

nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,clocks.max.mem --format=csv,noheader | tee "$logs/gpu.txt"
for v in $variants; do checks "$v" > "$logs/check-$v.txt" 2>&1 & done
extras > "$logs/extras.txt" 2>&1 &
wait
for v in $variants; do
  for shape in "--batch 128 --kv-len 4096" "--batch 16 --kv-len 16384"; do
    run $shape --variant "$v" --bench 2>&1 | grep -vE '^device:|ptxas info    : (Compil|Function|48)'
  done
done > "$logs/bench.txt" 2>&1
for f in $variants; do cat "$logs/check-$f.txt"; done
cat "$logs/extras.txt" "$logs/bench.txt"
