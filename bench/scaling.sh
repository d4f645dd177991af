#!/usr/bin/env bash
# Time and peak memory of `jitguard check` on generated inputs of growing size and nesting, for
# BENCHMARKS.md: flat code of 10k to 1M tokens, and each construct the front end nests in (the kinds
# DeepInputTest runs at 100,000) nested 10 to 100,000 deep; the limit note that cuts in, if any.
# Usage: bench/scaling.sh [JITGUARD]   (writes bench/results/scaling.txt)
#        bench/scaling.sh --generate KIND N FILE   (writes one input)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
generate() { # kind, n, file
  python3 - "$1" "$2" "$3" <<'PY'
import sys
kind, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
src = {
  "tokens": lambda: "".join((f"__device__ int f{i}(int a, int b) {{ return g{i % 7}(a, b) + {i}; }}\n" if i >= 7 else
                             f"__device__ int g{i}(int a, int b) {{ return a * b + {i}; }}\n") for i in range(n // 20)),
  "parentheses": lambda: "__device__ int f() { return " + "(" * n + "1" + ")" * n + "; }\n",
  "blocks": lambda: "__device__ void f() " + "{" * n + "}" * n + "\n",
  "template-arguments": lambda: "template <class T> struct A {};\n" + "A<" * n + "int" + ">" * n + " a;\n",
  "else-if-chain": lambda: "__device__ int f(int x) {\n  if (x == 0) return 0;\n" +
      "".join(f"  else if (x == {i}) return {i};\n" for i in range(1, n)) + "  return -1;\n}\n",
  "macro-arguments": lambda: "#define F(x) (x)\n__device__ int f() { return " + "F(" * n + "1" + ")" * n + "; }\n",
  "calls": lambda: "__device__ int g(int a) { return a; }\n__device__ int f() { return " + "g(" * n + "1" + ")" * n + "; }\n",
  "namespaces": lambda: "namespace a { " * n + "int x;" + " }" * n + "\n",
  "classes": lambda: "struct S { " * n + "int x;" + " };" * n + "\n",
  "declarator": lambda: "int " + "*" * n + "p;\n",
  "unary-operators": lambda: "__device__ int f(int x) { return " + "-" * n + "x; }\n",
  "binary-operators": lambda: "__device__ int f(int x) { return x" + " + x" * n + "; }\n",
  "conditional-operators": lambda: "__device__ int f(int x) { return " + "x ? 1 : " * n + "0; }\n",
  "lambdas": lambda: "__device__ int f() { return " + "[]{ return " * n + "1" + "; }()" * n + "; }\n",
  "if-expression": lambda: "#if " + "(" * n + "1" + ")" * n + "\nint x;\n#endif\n",
  "if-groups": lambda: "#if 1\n" * n + "int x;\n" + "#endif\n" * n,
  "typedef-chain": lambda: "typedef int t0;\n" + "".join(f"typedef t{i-1} t{i};\n" for i in range(1, n))
      + f"__device__ t{n-1} v;\n",
  "template-recursion": lambda: "template <int N> struct R { static const int v = R<N - 1>::v + 1; };\n"
      "template <> struct R<0> { static const int v = 0; };\n" f"__device__ int f() {{ return R<{n}>::v; }}\n",
}[kind]
with open(path, "w") as f:
    f.write(src())
PY
}
if [ "${1:-}" = --generate ]; then
  generate "$2" "$3" "$4"
  exit
fi
jitguard=${1:-$here/target/jitguard}
dir=$(mktemp -d); out=$here/bench/results/scaling.txt
gen() { generate "$1" "$2" "$dir/in.cu"; }
run() { # kind n: prints "wall_ms rss_mb exit note"
  gen "$1" "$2"; local walls=() rss=0 rc w m
  for i in 1 2 3; do
    rc=0; /usr/bin/time -f '%e %M' -o "$dir/t" "$jitguard" check "$dir/in.cu" --format json > "$dir/o" 2>&1 || rc=$?
    read -r w m < "$dir/t"; walls+=("$(awk -v w="$w" 'BEGIN{printf "%d", w*1000}')"); [ "$m" -gt "$rss" ] && rss=$m
  done
  local note
  note=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); l=[d["message"] for d in r["frontEnd"] if d["kind"]=="limit"]; print((l[0][:110] if l else "-") + (" (+%d more)" % (len(l)-1) if len(l)>1 else ""))' "$dir/o" 2>/dev/null || echo "(no JSON report)")
  echo "$(printf '%s\n' "${walls[@]}" | sort -n | sed -n 2p) $((rss / 1024)) $rc $note"
}
{
  echo "# bench/scaling.sh, $(date -u +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(git -C "$here" rev-parse --short HEAD)"
  echo "# wall time of the whole CLI run (JVM start included) and peak RSS, median of 3; exit code; the limit note, if one cut in"
  echo
  echo "| input | size | wall (ms) | peak RSS (MB) | exit | limit note |"
  echo "| --- | --- | --- | --- | --- | --- |"
  for n in 10000 100000 1000000; do
    read -r w m rc note <<< "$(run tokens $n)"; echo "| tokens | $n | $w | $m | $rc | $note |"
  done
  for kind in parentheses blocks template-arguments else-if-chain macro-arguments calls namespaces classes declarator \
      unary-operators binary-operators conditional-operators lambdas if-expression if-groups typedef-chain template-recursion; do
    for n in 10 100 1000 10000 100000; do
      read -r w m rc note <<< "$(run $kind $n)"; echo "| $kind | $n | $w | $m | $rc | $note |"
    done
  done
} | tee "$out"
rm -rf "$dir"
