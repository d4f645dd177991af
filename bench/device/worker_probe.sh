#!/bin/sh
# On the device machine: where a compile worker's slow first compile comes from (issue 16). The
# bundled portable decode at sm_80, compiled 3 times in each fresh process by nvrtc_probe (C, no
# JVM) with the machine's NVRTC: 1 process alone, then 16 started together (as compile --jobs 16
# starts its workers), then 16 with glibc's malloc on transparent huge pages. A first compile much
# slower than the later ones in the C processes too is NVRTC's (or the machine's) cost of a fresh
# process, not the JVM's; the last round says whether a small warm-up compile takes that cost away.
set -u
d=$(cd "$(dirname "$0")" && pwd)
lib=${NVRTC_LIB:-/usr/local/cuda/lib64/libnvrtc.so.13}
probe=$(mktemp -d)/nvrtc_probe
gcc -O2 "$d/nvrtc_probe.c" -o "$probe" -ldl || exit 1
src=kernels/mla/mla_decode_portable.cu
warm=$(mktemp -d)/warm.cu
printf '#include <cuda_bf16.h>\n__global__ void warm(__nv_bfloat16* x) { x[threadIdx.x] = x[threadIdx.x] * x[0]; }\n' > "$warm"
run() {
  "$probe" "$lib" "$src" 3 ${WARM:+--warm "$warm"} --name 'jitguard::mla::plan_kernel<jitguard::mla::portable::Layout, int>' \
    --name 'jitguard::mla::portable::decode_kernel<__nv_bfloat16, __nv_bfloat16, __nv_bfloat16, int>' \
    -- -arch=sm_80 -std=c++17 -Ikernels/mla -Ikernels/include -I/usr/local/cuda/include
}
run > /dev/null # the files into the page cache
echo "--- 1 process"
run
for tun in "" "glibc.malloc.hugetlb=1" "warm"; do
  w=; [ "$tun" = warm ] && w=1 && tun=
  echo "--- 16 processes at once${tun:+, GLIBC_TUNABLES=$tun}${w:+, each compiling a small warm-up program first}"
  t=$(mktemp -d)
  for i in $(seq 1 16); do WARM=$w GLIBC_TUNABLES=$tun run > "$t/$i" 2>&1 & done
  wait
  cat "$t"/*
done
