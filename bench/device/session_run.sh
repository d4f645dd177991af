#!/bin/sh
# One device call for issues 16-18, each part's output to $OUT as it goes, a summary printed:
#  1. the GPU tests (typed launches, both variants against the float64 reference);
#  2. jitguard's MLA decode beside FlashMLA, the seven shapes, both variants (flashmla.sh);
#  3. the compile matrix at 1 to 16 jobs with NVRTC's own cache warm (the CUDA driver's compute
#     cache, which NVRTC uses wherever a driver is loaded: what a developer's second build sees),
#     compile server against JVM workers;
#  4. the same from scratch, CUDA_CACHE_DISABLE=1 (what a fresh CI machine sees), as far as the
#     call's time allows: 16 jobs, JVM workers at 16, 1 job, then 8, 4, 2.
# NO_TESTS=1 leaves out 1; QUICK=1 adds the split-heavy run-mla --check runs (quick_checks.sh) after 1; NO_JOBS=1 leaves out 3 and 4.
set -u
export PYTHONUNBUFFERED=1 LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
d=$(cd "$(dirname "$0")" && pwd)
o=${OUT:-$(mktemp -d)}
t0=$(date +%s)
left() { echo $(( ${LIMIT_S:-570} - ($(date +%s) - t0) )); }
cp=$(ls "$d"/lib/*.jar | tr '\n' ':')
[ -n "${NO_TESTS:-}" ] || "$d/jre/bin/java" -jar "$d/junit/junit-platform-console-standalone-1.14.1.jar" execute \
  -cp "$cp$d/test-classes" --select-class io.jitguard.gpu.GpuMlaTest --details=tree --disable-banner > "$o/gpu-tests.txt" 2>&1
[ -n "${NO_TESTS:-}" ] || grep -E '✔|✘|tests (successful|failed)' "$o/gpu-tests.txt" | sed 's/\x1b\[[0-9;]*m//g' | head -12
if [ -n "${QUICK:-}" ]; then
  sh "$d/quick_checks.sh" ${QUICK_VARIANTS:-} > "$o/quick-checks.txt" 2>&1
  grep -cE '^checked' "$o/quick-checks.txt"; grep -E 'MISMATCH|xception' "$o/quick-checks.txt" | head -5
fi
FLASHMLA="$d/bench_flashmla" OUT="$o" timeout 240 sh "$d/flashmla.sh" > "$o/flashmla-run.txt" 2>&1
tail -22 "$o/flashmla-run.txt"
if [ -n "${SCRATCH_THREADS:-}" ]; then # 16 threads of one process from scratch: does NVRTC itself serialise?
  CUDA_CACHE_DISABLE=1 JOBS="off:16" RUNS=1 TRACED= WARMUPS=1 BUDGET_S=60 timeout 150 sh "$d/jobs.sh" \
    > "$o/jobs-scratch-threads.txt" 2>&1
  grep -hE '^workers=' "$o/jobs-scratch-threads.txt"
fi
[ -n "${NO_JOBS:-}" ] && exit 0
echo "--- $(( $(date +%s) - t0 )) s: compile jobs, NVRTC's cache warm"
# the cache filled by JVM workers (processes of their own, each with the driver)
JITGUARD_COMPILE_SERVER=0 "$d/run.sh" compile --no-cache --no-check --jobs 16 --out "$o/fill" --quiet > /dev/null 2>&1
rm -rf "$o/fill"
JOBS="off:1 on:16" RUNS=3 TRACED=16 BUDGET_S=$(left) sh "$d/jobs.sh" > "$o/jobs-cache-warm.txt" 2>&1
JOBS="on:1 on:2 on:4 on:8" RUNS=1 TRACED= WARMUPS=0 BUDGET_S=$(left) sh "$d/jobs.sh" > "$o/jobs-cache-warm-1-8.txt" 2>&1
JITGUARD_COMPILE_SERVER=0 JOBS="on:16" RUNS=3 TRACED= WARMUPS=0 BUDGET_S=$(left) sh "$d/jobs.sh" \
  > "$o/jobs-cache-warm-jvm-workers.txt" 2>&1
echo "--- $(( $(date +%s) - t0 )) s: compile jobs from scratch (CUDA_CACHE_DISABLE=1)"
export CUDA_CACHE_DISABLE=1
JOBS="on:16" RUNS=3 TRACED=16 WARMUPS=0 BUDGET_S=$(left) sh "$d/jobs.sh" > "$o/jobs-scratch.txt" 2>&1
JITGUARD_COMPILE_SERVER=0 JOBS="on:16" RUNS=1 TRACED= WARMUPS=0 BUDGET_S=$(left) sh "$d/jobs.sh" \
  > "$o/jobs-scratch-jvm-workers.txt" 2>&1
# each of these starts only with time left for it (1 job about 135 s, 8 about 20, 4 about 35, 2 about 70)
for wj in off:1:150 on:8:30 on:4:45 on:2:80; do
  [ "$(left)" -gt "${wj##*:}" ] || continue
  JOBS="${wj%:*}" RUNS=1 TRACED= WARMUPS=0 BUDGET_S=$(left) sh "$d/jobs.sh" >> "$o/jobs-scratch-1-8.txt" 2>&1
done
grep -hE '^workers=' "$o"/jobs-*.txt | cut -c1-150
grep -h -A1 'compile times sum' "$o"/jobs-cache-warm.txt "$o"/jobs-scratch.txt | head -4
echo "--- $(( $(date +%s) - t0 )) s"
