#!/usr/bin/env bash
# A warm `mvn package` of the compile-pass IT project (src/it/compile-pass) with the plugin, every
# unit from the kernel cache, against the same build without the plugin; for BENCHMARKS.md. Needs
# the plugin installed (mvn -DskipTests install). Medians of several runs, each a new Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(mvn -q help:evaluate -Dexpression=project.version -DforceStdout)
work=$(mktemp -d)
cp -r src/it/compile-pass "$work/with"
sed -i "s/@project.version@/$version/" "$work/with/pom.xml"
cp -r "$work/with" "$work/without"
python3 - "$work/without/pom.xml" <<'PY'
import re, sys
p = sys.argv[1]
s = open(p).read()
open(p, "w").write(re.sub(r"<build>.*</build>", "", s, flags=re.S))
PY
export JITGUARD_CACHE_DIR="$work/cache"
runs=${RUNS:-5}
t() { local s e; s=$(date +%s%N); (cd "$1" && mvn -q -o package > "$work/log.txt" 2>&1); e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
{
  echo "# bench/maven_cache.sh, $(date -u +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "cold (empty kernel cache), ms: $(t "$work/with")"
  with=(); without=()
  for i in $(seq "$runs"); do with+=("$(t "$work/with")"); without+=("$(t "$work/without")"); done
  echo "warm with the plugin, ms: ${with[*]}"
  echo "without the plugin, ms: ${without[*]}"
  a=$(med "${with[@]}"); b=$(med "${without[@]}")
  echo "medians: with $a ms, without $b ms, difference $((a - b)) ms"
} | tee bench/results/maven-cache.txt
rm -rf "$work"
