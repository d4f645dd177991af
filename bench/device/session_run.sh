#!/bin/sh
# One device call for issues 16-18: the GPU tests, the split-heavy checks, the compile matrix at 1 to
# 16 jobs (compile server, then JVM workers at 16), and jitguard's MLA decode against FlashMLA.
# Each part's output goes to $OUT; the summary is printed. SHORT=1: no 2-8 jobs, no table.
set -u
export PYTHONUNBUFFERED=1 LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
d=$(cd "$(dirname "$0")" && pwd)
o=${OUT:-$(mktemp -d)}
cp=$(ls "$d"/lib/*.jar | tr '\n' ':')
"$d/jre/bin/java" -jar "$d/junit/junit-platform-console-standalone-1.14.1.jar" execute -cp "$cp$d/test-classes" \
  --select-class io.jitguard.gpu.GpuMlaTest --details=tree --disable-banner > "$o/gpu-tests.txt" 2>&1
head -12 "$o/gpu-tests.txt"
sh "$d/quick_checks.sh" ${QUICK_VARIANTS:-} > "$o/quick-checks.txt" 2>&1
grep -cE '^ok' "$o/quick-checks.txt"; grep -E 'MISMATCH|rror' "$o/quick-checks.txt" | head -5
JOBS="off:1 on:16" RUNS=3 TRACED=16 sh "$d/jobs.sh" > "$o/jobs.txt" 2>&1
[ "${SHORT:-}" ] || JOBS="on:2 on:4 on:8" RUNS=1 TRACED= sh "$d/jobs.sh" > "$o/jobs-2-4-8.txt" 2>&1
JITGUARD_COMPILE_SERVER=0 JOBS="on:16" RUNS=3 TRACED= sh "$d/jobs.sh" > "$o/jobs-jvm-workers.txt" 2>&1
grep -E '^workers=' "$o/jobs.txt" "$o/jobs-2-4-8.txt" "$o/jobs-jvm-workers.txt" | cut -c1-120
if [ -z "${SHORT:-}" ]; then
  FLASHMLA="$d/bench_flashmla" timeout "${TABLE_SECONDS:-300}" sh "$d/flashmla.sh" > "$o/flashmla-run.txt" 2>&1
  tail -22 "$o/flashmla-run.txt"
fi
