#!/usr/bin/env bash
# JG005 on real code, for BENCHMARKS.md: the Python wrapper and MLA binding sources of the fork the
# incident shipped (kvcache-ai/custom_flashinfer at fd94393) and of flashinfer v0.2.5, then every
# binding source and Python file of v0.2.5 in one run. Pass folders holding git archives of
#   fork:  fd94393 flashinfer/mla.py csrc/batch_mla_pybind.cu csrc/batch_mla_sm90_pybind.cu
#   v025:  v0.2.5  the same three paths
#   all:   v0.2.5  csrc flashinfer
# None of their code is in this repository. Usage: bench/real_bindings.sh FORK V025 ALL [JITGUARD]
set -uo pipefail
fork=$(readlink -f "$1"); v025=$(readlink -f "$2"); all=$(readlink -f "$3")
here=$(cd "$(dirname "$0")/.." && pwd)
jitguard=${4:-$here/target/jitguard}
three="csrc/batch_mla_pybind.cu csrc/batch_mla_sm90_pybind.cu --python flashinfer/mla.py"
{
  echo "# bench/real_bindings.sh, $(date -u +%F), jitguard $(git -C "$here" rev-parse --short HEAD)"
  for d in "$fork" "$v025"; do
    echo; echo "## $(basename "$d"): jitguard check $three"
    # shellcheck disable=SC2086
    (cd "$d" && "$jitguard" check $three 2>&1 | grep -v "cannot find include" | grep -E "^[^ ].*: (error|warning|note): |^(clean|[0-9]+ errors?)"; echo "exit ${PIPESTATUS[0]}")
  done
  cd "$all" || exit 1
  binding=$(grep -l "TORCH_LIBRARY\|PYBIND11_MODULE" csrc/*.cu | tr '\n' ' ')
  python=$(find flashinfer -name "*.py" | sort | tr '\n' ' ')
  echo; echo "## v0.2.5, all $(echo $binding | wc -w) binding sources and $(echo $python | wc -w) Python files in one run"
  # shellcheck disable=SC2086
  "$jitguard" check $binding --python $python > /tmp/real-bindings.$$ 2>&1; rc=$?
  grep -E ": error: .*\[JG005\]" /tmp/real-bindings.$$ | cut -d: -f1,2 | sort | uniq -c
  grep -E "^(clean|[0-9]+ errors?)" /tmp/real-bindings.$$; echo "exit $rc"
  grep -cE ": error: .*\[JG005\]" /tmp/real-bindings.$$ | sed 's/^/JG005 findings: /'
  grep -E ": error: " /tmp/real-bindings.$$ | grep -vc "JG005" | sed 's/^/other errors: /'
  rm -f /tmp/real-bindings.$$
} | tee "$here/bench/results/real-bindings.txt"
