#!/bin/sh
# On the device machine: the runtime's tiers (issue 15). A run-mla process three times on an empty
# kernel cache (the first compiles with NVRTC, the next take every kernel from the cache); then
# prepare times from prebuilt CUBINs (a jitguard compile's folder, then the same in a jar on the
# class path) against NVRTC with no cache. Output: the "prepared ..." lines of each process.
set -u
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
d=$(cd "$(dirname "$0")" && pwd)
export JITGUARD_CACHE_DIR="$(mktemp -d)"
shape="--batch 16 --kv-len 4096"
keep() { grep -E '^device|variant:|^prepared|^ok|MISMATCH|rror|xception'; }
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
for i in 1 2 3; do echo "== run-mla process $i, kernel cache $JITGUARD_CACHE_DIR"; "$d/run.sh" run-mla $shape 2>&1 | keep; done
"$d/run.sh" cache
pre="$(mktemp -d)/prebuilt"
echo "== jitguard compile --targets sm_90a --out $pre"
"$d/run.sh" compile --targets sm_90a --out "$pre" --quiet 2>&1 | tail -2
for i in 1 2 3; do echo "== prebuilt from the folder, no cache ($i)"; "$d/run.sh" run-mla $shape --prebuilt "$pre" --no-cache 2>&1 | keep; done
python3 - "$pre" "$d/lib/zz-prebuilt.jar" <<'PY'
import os, sys, zipfile
src, jar = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(jar, "w") as z:
    for root, _, files in os.walk(src):
        for f in files:
            p = os.path.join(root, f)
            z.write(p, "jitguard/" + os.path.relpath(p, src))
print("wrote", jar, os.path.getsize(jar), "bytes")
PY
for i in 1 2 3; do echo "== prebuilt from a jar on the class path, no cache ($i)"; "$d/run.sh" run-mla $shape --no-cache 2>&1 | keep; done
rm -f "$d/lib/zz-prebuilt.jar"
for i in 1 2 3; do echo "== NVRTC, no cache, nothing prebuilt ($i)"; "$d/run.sh" run-mla $shape --no-cache 2>&1 | keep; done
