#!/bin/sh
# One device call for a kernel experiment (issue 18): its correctness first, and the timings only if
# that held.
#   TRY: the experiment's kernel tree (a copy of kernels/ with the change; default .device/try)
#   NOW: the tree it is measured against (default kernels/, the working tree's)
#   EXTRA: more NAME=PATH[@variants] manifests for the table (variants of the experiment)
#  1. bench/verify_mla_cuda_python.py on TRY: both variants against float64 outside the JVM
#     (cp.async kv copies, ragged and empty requests, page sizes 16-256, mixed types); a hang is cut
#     at VERIFY_S;
#  2. the split-heavy run-mla checks (quick_checks.sh) of TRY's Hopper variant (tensor-map copies),
#     unless NO_QUICK;
#  3. the table beside FlashMLA (flashmla.sh; FLASHMLA= leaves it out): the bundled kernels ("now")
#     and TRY ("try"), VARIANTS of each (default hopper portable), SHAPES (default the seven);
#  4. the GPU tests of the bundled kernels (typed launches, graph capture and replay), unless NO_TESTS;
#  5. with PROFILE=1, Nsight Compute on one decode launch of each tree (profile.sh, VARIANT and
#     SHAPE as there): where the slower one's warps wait.
set -u
export PYTHONUNBUFFERED=1 LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
d=$(cd "$(dirname "$0")" && pwd)
o=${OUT:-$(mktemp -d)}
try=${TRY:-$d/try}
now=${NOW:-kernels}
t0=$(date +%s)
at() { echo "--- $(( $(date +%s) - t0 )) s: $*"; }
JITGUARD_KERNELS="$try" timeout "${VERIFY_S:-150}" python3 bench/verify_mla_cuda_python.py > "$o/verify.txt" 2>&1
rc=$?
at "verify of $try: exit $rc"
tail -12 "$o/verify.txt"
[ "$rc" -eq 0 ] || exit 1
if [ -z "${NO_QUICK:-}" ]; then
  QUICK_MANIFEST="$try/manifest.json" sh "$d/quick_checks.sh" hopper > "$o/quick-checks.txt" 2>&1
  at "quick checks"
  grep -E 'relative|MISMATCH|rror|xception|^\$' "$o/quick-checks.txt" | cut -c1-160
fi
FLASHMLA="${FLASHMLA-$d/bench_flashmla}" OUT="$o" MANIFESTS="now=$now/manifest.json try=$try/manifest.json ${EXTRA:-}" \
  timeout "${TABLE_S:-300}" sh "$d/flashmla.sh" > "$o/flashmla-run.txt" 2>&1
at "table"
cat "$o/mla-table.txt"
grep -hE 'replayed as CUDA graphs|one by one' "$o/mla-raw.txt" | cut -c1-90 | sort | uniq -c | head -3
if [ -z "${NO_TESTS:-}" ]; then
  cp=$(ls "$d"/lib/*.jar | tr '\n' ':')
  timeout "${TESTS_S:-200}" "$d/jre/bin/java" -jar "$d/junit/junit-platform-console-standalone-1.14.1.jar" execute \
    -cp "$cp$d/test-classes" --select-class io.jitguard.gpu.GpuMlaTest --details=tree --disable-banner > "$o/gpu-tests.txt" 2>&1
  at "GPU tests"
  grep -E '✔|✘|tests (successful|failed)' "$o/gpu-tests.txt" | sed 's/\x1b\[[0-9;]*m//g' | head -12
fi
if [ -n "${PROFILE:-}" ]; then
  sh "$d/profile.sh" "now=$now/manifest.json" "try=$try/manifest.json" > "$o/profile.txt" 2>&1
  at "profile"
  grep -E '^===|Duration|Stall|Issued Warp|Eligible|gmma|dram__|hit_rate' "$o/profile.txt" | head -40
fi
