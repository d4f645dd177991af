#!/bin/sh
# On a machine of many cores (the device machine: 16), after `bench/device/assemble.sh fuzz`: every
# @FuzzTest fuzzed at once for SECONDS, one JVM per worker (JAZZER_FUZZ=1 through JUnit's console
# launcher, everything on the JVM's class path as under `mvn test`, where Jazzer finds its driver; each worker its own libFuzzer seed and its own corpus folder,
# all starting from the test's seeds), a hang being an input over 5 s. Then one table: inputs run,
# inputs/s, peak heap after GC and peak RSS, crashes and hangs, for each fuzz test and in all.
# Writes $OUT/fuzz.txt (the table), $OUT/fuzz-logs.tar.gz (every worker's log and GC log) and, if
# anything was found, $OUT/findings.tar.gz (the crash-* and timeout-* inputs).
# The check runs under budgets a fourth to a sixty-fourth of the defaults (FUZZ_BUDGET replaces
# them): Jazzer's instrumentation slows the checker 10 to 30 times, and an input that uses its
# whole default budget (about 1 s + 1 ms per token read, README: Budgets) would pass the 5 s
# bound there; what is fuzzed is that every input stays inside its budget, whatever the budget.
# Usage: .device/fuzz.sh SECONDS [Class#method=WORKERS ...]
set -u
budget=${FUZZ_BUDGET:--Djitguard.budget.expansion=50000 -Djitguard.budget.expansion-per-token=16 \
-Djitguard.budget.output=16384 -Djitguard.budget.output-per-token=4 -Djitguard.budget.includes=500 \
-Djitguard.budget.instantiations=1000 -Djitguard.budget.steps=100000}
d=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$d/.." && pwd)
secs=${1:-420}
[ $# -gt 0 ] && shift
plan=${*:-CheckFuzzTest#checkSource=6 CheckFuzzTest#checkWithBundledHeaders=6 ReaderFuzzTest#manifest=1 \
ReaderFuzzTest#configuration=1 ReaderFuzzTest#target=1 ReaderFuzzTest#nvrtcLog=1}
out=${OUT:-$(mktemp -d)}
work=$(mktemp -d)
cp=$(ls "$d"/lib/*.jar | tr '\n' ':')$d/test-classes
launcher=$d/junit/junit-platform-console-standalone-1.14.1.jar
i=0
for spec in $plan; do
  t=${spec%=*}; n=${spec##*=}; k=0
  while [ "$k" -lt "$n" ]; do
    k=$((k + 1)); i=$((i + 1))
    w=$work/$(echo "$t" | tr '#' '-')-$k; mkdir -p "$w"
    case $t in *#target | *#nvrtcLog) arg=java.lang.String ;; *) arg='byte[]' ;; esac
    (cd "$w" && JAZZER_FUZZ=1 timeout $((secs + 60)) "$d/jre/bin/java" -Xmx2g -XX:+UseSerialGC -Xlog:gc:file=gc.log \
      -Djitguard.projectDir="$root" $budget -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$secs" \
      -Djazzer.internal.arg.2=-timeout=5 -Djazzer.internal.arg.3=-seed="$i" \
      -cp "$cp:$launcher" org.junit.platform.console.ConsoleLauncher execute --select-method "io.jitguard.fuzz.$t($arg)" --disable-banner > log 2>&1; \
      echo "exit $?" >> log) &
  done
done
echo "$i workers for ${secs} s: $plan"
wait
{
  echo "# bench/device/fuzz.sh $secs, $(date -u +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $i workers, -Xmx2g each"
  echo "# budgets: $budget"
  echo "| fuzz test | workers | inputs | seconds | inputs/s | peak heap after GC (MB) | peak RSS (MB) | crashes | hangs (> 5 s) |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for spec in $plan; do
    t=${spec%=*}; n=0; runs=0; s=0; heap=0; rss=0; crashes=0; hangs=0
    for w in "$work/$(echo "$t" | tr '#' '-')"-*; do
      n=$((n + 1))
      r=$(grep -oE '^Done [0-9]+ runs in [0-9]+' "$w/log" | tail -1)
      runs=$((runs + $(echo "${r:-Done 0 runs in 0}" | awk '{print $2}')))
      ws=$(echo "${r:-Done 0 runs in 0}" | awk '{print $5}'); [ "$ws" -gt "$s" ] && s=$ws
      h=$(grep -oE '[0-9]+M->[0-9]+M' "$w/gc.log" 2>/dev/null | sed 's/.*->//; s/M//' | sort -n | tail -1)
      [ "${h:-0}" -gt "$heap" ] && heap=$h
      m=$(grep -oE 'rss: [0-9]+Mb' "$w/log" | grep -oE '[0-9]+' | sort -n | tail -1)
      [ "${m:-0}" -gt "$rss" ] && rss=$m
      crashes=$((crashes + $(ls "$w" | grep -c '^crash-'))); hangs=$((hangs + $(ls "$w" | grep -c '^timeout-')))
    done
    echo "| $t | $n | $runs | $s | $([ "$s" -gt 0 ] && echo $((runs / s)) || echo ?) | $heap | $rss | $crashes | $hangs |"
  done
  total=$(cat "$work"/*/log | grep -oE '^Done [0-9]+ runs' | awk '{s+=$2} END {print s+0}')
  echo
  echo "in all: $total inputs; crash or hang files: $(find "$work" -name 'crash-*' -o -name 'timeout-*' | wc -l)"
  for w in "$work"/*; do
    if ! grep -q '^Done [0-9]* runs' "$w/log"; then echo "$(basename "$w"): no 'Done' line; its log ends:"; tail -5 "$w/log"; fi
  done
} > "$out/fuzz.txt" 2>&1
(cd "$work" && tar czf "$out/fuzz-logs.tar.gz" */log */gc.log)
found=$(cd "$work" && find . -name 'crash-*' -o -name 'timeout-*')
[ -n "$found" ] && (cd "$work" && tar czf "$out/findings.tar.gz" $found)
cat "$out/fuzz.txt"
