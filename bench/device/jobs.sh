#!/bin/sh
# On the device machine (16 cores): jitguard compile of the bundled matrix with --jobs 1, 2, 4, 8
# and 16, compiling in this process's threads (--workers off) and in worker processes (--workers
# on), no cache, no check; whole wall time of each run, RUNS runs of each (median), then one traced
# run (JITGUARD_TRACE=1) at --jobs 1 and at --jobs 16 with where the time went.
# The machine's NVRTC 13.0 by default; NVRTC_XZ=DIR: the NVRTC in DIR instead (libnvrtc.so.13.xz and
# libnvrtc-builtins.so.13.*.xz, as bench/device/nvrtc133.sh packs jitguard's own 13.3; see there).
# BUDGET_S: start no new run after that many seconds (default 480); JOBS: the job counts, in order.
# NVRTC keeps its own cache of compiled programs in the CUDA driver's compute cache (~/.nv), used
# wherever a real driver is loaded: CUDA_CACHE_DISABLE=1 times compiles from scratch (see
# session_run.sh, which times both).
set -u
d=$(cd "$(dirname "$0")" && pwd)
runs=${RUNS:-3}
budget=${BUDGET_S:-480}
t0=$(date +%s)
if [ -n "${NVRTC_XZ:-}" ]; then # as the CUDA redistributable jar holds them: JavaCPP then loads these
  # (with LD_LIBRARY_PATH alone it still took the toolkit's 13.0 from /usr/local/cuda/lib64)
  t=$(mktemp -d) && mkdir -p "$t/org/bytedeco/cuda/linux-x86_64"
  for f in "$NVRTC_XZ"/*.xz; do
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' \
      "$f" "$t/org/bytedeco/cuda/linux-x86_64/$(basename "$f" .xz)"
  done
  (cd "$t" && python3 -c 'import os, sys, zipfile
z = zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_STORED)
[z.write(os.path.join(r, f)) for r, _, fs in os.walk("org") for f in fs]
z.close()' "$d/lib/cuda-redist-nvrtc-only.jar")
  rm -rf "$t" "$d"/.jitguard-*.jsa # the class path changed: new class-data archives
fi
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
export JITGUARD_CACHE_DIR="$(mktemp -d)"
# two untimed compiles first: the headers and NVRTC's files in the page cache (the first compile of a
# fresh machine reads them from disk: 123 s at --jobs 1 in the first measurement), and the launcher's
# class-data archive of compile made, as a user's second run has it
# (WARMUPS: how many; 0 where an earlier part of the same call did it)
for w in $(seq 1 "${WARMUPS:-2}"); do
  "$d/run.sh" compile --no-cache --no-check --jobs 16 --out "$JITGUARD_CACHE_DIR/warm" --quiet > /dev/null 2>&1
done
nproc; nvidia-smi --query-gpu=name --format=csv,noheader
"$d/run.sh" targets 2>&1 | head -1
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for wj in ${JOBS:-off:1 off:2 off:4 off:8 off:16 on:1 on:2 on:4 on:8 on:16}; do
  w=${wj%%:*}; j=${wj##*:}
  all=
  for r in $(seq "$runs"); do
    if [ $(( $(date +%s) - t0 )) -gt "$budget" ]; then echo "(over ${budget} s: no more runs)"; break; fi
    s=$(date +%s%N)
    line=$("$d/run.sh" compile --no-cache --no-check --jobs $j --workers $w --out "$JITGUARD_CACHE_DIR/out" --quiet 2>&1 | tail -1)
    e=$(date +%s%N)
    all="$all $(( (e - s) / 1000000 ))"
  done
  [ -n "$all" ] && echo "workers=$w jobs=$j: runs (ms)$all; median $(echo "$all" | median) ms; $line"
done
for j in ${TRACED-1 16}; do
  if [ $(( $(date +%s) - t0 )) -gt "$budget" ]; then break; fi
  echo "--- traced: --jobs $j --workers auto (ms since the script started the process)"
  s=$(date +%s%3N)
  JITGUARD_TRACE=1 "$d/run.sh" compile --no-cache --no-check --jobs $j --out "$JITGUARD_CACHE_DIR/out" --quiet 2>&1 \
    | awk -v s="$s" '/^jitguard trace: / { t = $3; sub(/^jitguard trace: [0-9]+ /, ""); printf "%6d ms  %s\n", t - s, $0; next } { print }'
  echo "$(date +%s%3N) $s" | awk '{printf "%6d ms  process ended\n", $1 - $2}'
  python3 - "$JITGUARD_CACHE_DIR/out/index.json" <<'PY'
import json, sys, statistics
u = json.load(open(sys.argv[1]))["units"]
ms = sorted(x["compileMillis"] for x in u)
print(f"units {len(ms)}: compile times sum {sum(ms)} ms, median {statistics.median(ms)}, min {ms[0]}, max {ms[-1]}")
by = {}
for x in u:
    by.setdefault(x["family"] + "/" + x["variant"], []).append(x["compileMillis"])
for k, v in sorted(by.items()):
    print(f"  {k}: {len(v)} units, median {statistics.median(v)} ms, sum {sum(v)} ms")
print("  longest: " + ", ".join(f"{x['name']} {x['compileMillis']} ms" for x in sorted(u, key=lambda x: -x["compileMillis"])[:5]))
PY
done
