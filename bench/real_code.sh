#!/usr/bin/env bash
# The checker on real kernel libraries, for BENCHMARKS.md: the incident's sources (the fork
# kvcache-ai/custom_flashinfer at fd94393, flashinfer v0.2.5) with the MLA config rendered the way
# the JIT renders it, and every csrc/*.cu of flashinfer HEAD in one run. None of their code is in
# this repository: pass the folders of checkouts (git archive of those revisions).
# Usage: bench/real_code.sh FORK_DIR V025_DIR HEAD_DIR [JITGUARD]   (needs python3 with jinja2)
# With BASELINE=path/to/an/older/target/jitguard, each command is also run with that build (its
# summary and exit code), for the before-and-after numbers.
set -euo pipefail
fork=$(readlink -f "$1"); v025=$(readlink -f "$2"); head=$(readlink -f "$3")
here=$(cd "$(dirname "$0")/.." && pwd)
jitguard=${4:-$here/target/jitguard}
out=$here/bench/results/real-code.txt

render() { # the fork's and v0.2.5's batch_mla_config.jinja as flashinfer's JIT renders it (jinja2 defaults)
  mkdir -p "$1/work"
  cp "$1/csrc/batch_mla_sm90_plan.cu" "$1/csrc/batch_mla_sm90_run.cu" "$1/work/"
  python3 - "$1/csrc/batch_mla_config.jinja" "$1/work/batch_mla_sm90_config.inc" <<'PY'
import sys, jinja2
text = open(sys.argv[1]).read()
open(sys.argv[2], "w").write(jinja2.Template(text).render(dtype_q="nv_bfloat16", dtype_kv="nv_bfloat16",
    dtype_o="nv_bfloat16", dtype_idx="int32_t", head_dim_ckv=512, head_dim_kpe=64))
PY
}

timed() { # label, folder, shown command, command...: the findings and the summary, then the wall time
  local label=$1 dir=$2 shown=$3; shift 3
  echo "## $label"
  echo "\$ (cd $dir && jitguard $shown)"
  local s e rc=0
  s=$(date +%s%N)
  (cd "$dir" && "$jitguard" "$@") > /tmp/real-code.$$ 2>&1 || rc=$?
  e=$(date +%s%N)
  grep -E '^[^ ].*: (error|warning): ' /tmp/real-code.$$ || true
  grep -E '^(clean|[0-9]+ errors?|internal error)' /tmp/real-code.$$ || true
  echo "exit $rc, wall $(( (e - s) / 1000000 )) ms"
  if [ -n "${BASELINE:-}" ]; then
    rc=0
    (cd "$dir" && "$BASELINE" "$@") > /tmp/real-code.$$ 2>&1 || rc=$?
    echo "baseline $(git -C "$(dirname "$BASELINE")" rev-parse --short HEAD 2>/dev/null || echo build): exit $rc; $(grep -E '^(clean|[0-9]+ errors?)' \
      /tmp/real-code.$$ | tail -1)$(grep -m1 -E '^(Exception|java\.lang\.[A-Za-z]+Error)' /tmp/real-code.$$ || true)"
  fi
  echo
}

render "$fork"
render "$v025"
{
  echo "# bench/real_code.sh, $(date -u +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo
  two="check batch_mla_sm90_plan.cu batch_mla_sm90_run.cu -I . -I ../include --sm 90a"
  # shellcheck disable=SC2086
  timed "kvcache-ai/custom_flashinfer fd94393 (the fork the incident shipped)" "$fork/work" "$two" $two
  # shellcheck disable=SC2086
  timed "flashinfer v0.2.5" "$v025/work" "$two" $two
  files=$(cd "$head/csrc" && ls ./*.cu | tr '\n' ' ')
  # shellcheck disable=SC2086
  for i in 1 2 3; do timed "flashinfer HEAD, every csrc/*.cu in one run (run $i)" "$head/csrc" \
    "check ./*.cu -I . -I ../include --sm 90a --quiet" check $files -I . -I ../include --sm 90a --quiet; done
} | tee "$out"
