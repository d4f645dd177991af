#!/usr/bin/env bash
# Time and peak memory of `jitguard check` on generated inputs of growing size and nesting, for
# BENCHMARKS.md: flat code of 10k to 1M tokens, and parentheses, blocks and #if groups nested 10 to
# 100,000 deep (the parser's and the preprocessor's nesting limits of 256 cut in on the way).
# Usage: bench/scaling.sh [JITGUARD]   (writes bench/results/scaling.txt)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jitguard=${1:-$here/target/jitguard}
dir=$(mktemp -d); out=$here/bench/results/scaling.txt
gen() { # kind, n: writes $dir/$kind-$n.cu
  python3 - "$1" "$2" "$dir/$1-$2.cu" <<'PY'
import sys
kind, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(path, "w") as f:
    if kind == "tokens":  # 20 tokens a function
        for i in range(n // 20):
            f.write(f"__device__ int f{i}(int a, int b) {{ return g{i % 7}(a, b) + {i}; }}\n" if i >= 7 else
                    f"__device__ int g{i}(int a, int b) {{ return a * b + {i}; }}\n")
    elif kind == "parens":
        f.write("__device__ int f() { return " + "(" * n + "1" + ")" * n + "; }\n")
    elif kind == "blocks":
        f.write("__device__ void f() " + "{" * n + "}" * n + "\n")
    elif kind == "ifs":
        f.write("#if 1\n" * n + "int x;\n" + "#endif\n" * n)
PY
}
{
  echo "# bench/scaling.sh, $(date -u +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(git -C "$here" rev-parse --short HEAD); median of 3 runs"
  echo "| input | size | wall (ms) | peak RSS (MB) | exit | limit note |"
  echo "| --- | --- | --- | --- | --- | --- |"
  for spec in tokens:10000 tokens:100000 tokens:1000000 parens:10 parens:100 parens:1000 parens:10000 parens:100000 \
      blocks:10 blocks:100 blocks:1000 blocks:10000 blocks:100000 ifs:10 ifs:100 ifs:1000 ifs:10000 ifs:100000; do
    kind=${spec%%:*}; n=${spec##*:}; gen "$kind" "$n"; f=$dir/$kind-$n.cu
    walls=(); rss=0; rc=0
    for i in 1 2 3; do
      rc=0; /usr/bin/time -f '%e %M' -o "$dir/t" "$jitguard" check "$f" --format text > "$dir/o" 2>&1 || rc=$?
      read -r w m < "$dir/t"; walls+=("$(awk -v w="$w" 'BEGIN{printf "%d", w*1000}')"); [ "$m" -gt "$rss" ] && rss=$m
    done
    med=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n 2p)
    note=$(grep -m1 -oE '(nested|nesting|more than)[^;]*' "$dir/o" | head -1 | cut -c1-90 || true)
    echo "| $kind | $n | $med | $((rss / 1024)) | $rc | ${note:--} |"
  done
} | tee "$out"
rm -rf "$dir"
