#!/usr/bin/env bash
# The checker on other real kernel libraries (BENCHMARKS.md): each library's sources, with CUTLASS
# where they use it, for sm_90a, in one run per library. None of their code is in this repository:
# LIBS_DIR holds checkouts (git archive of HEAD) named as below.
# Usage: bench/other_libraries.sh LIBS_DIR [JITGUARD]
set -euo pipefail
libs=$(readlink -f "$1")
here=$(cd "$(dirname "$0")/.." && pwd)
jitguard=${2:-$here/target/jitguard}
out=$here/bench/results/other-libraries.txt
C=$libs/NVIDIA+cutlass
one() { # name, folder, defines, "files", includes...
  local name=$1 dir=$2 defs=$3 files=$4; shift 4
  local incs=() s e rc=0
  for i in "$@"; do incs+=(-I "$i"); done
  s=$(date +%s%N)
  # shellcheck disable=SC2086
  (cd "$dir" && "$jitguard" check $files "${incs[@]}" $defs --sm 90a --verbose) > /tmp/other-libs.$$ 2>&1 || rc=$?
  e=$(date +%s%N)
  echo "## $name: exit $rc, wall $(( (e - s) / 1000000 )) ms"
  grep -E '^(clean|[0-9]+ errors?|internal error)' /tmp/other-libs.$$ | tail -1
  grep -E '^[^ ].*: (error|warning): ' /tmp/other-libs.$$ | sed 's/.*: \(error\|warning\): /  \1: /' | sort | uniq -c || true
  echo "  internal errors: $(grep -c 'internal error' /tmp/other-libs.$$ || true)"
  echo "  constructs skipped: $(grep -c 'note: skipped a construct' /tmp/other-libs.$$ || true)"
  echo
}
files() { (cd "$1" && eval "$2" | sort | tr '\n' ' '); }
{
  echo "# bench/other_libraries.sh, $(date -u +%F), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo
  d=$libs/deepseek-ai+FlashMLA/csrc
  one "deepseek-ai/FlashMLA csrc, every .cu, with CUTLASS" "$d" "" "$(files "$d" "find . -name '*.cu'")" . "$C/include" \
    "$C/tools/util/include"
  d=$libs/Dao-AILab+flash-attention/hopper
  one "Dao-AILab/flash-attention hopper (3 sources, 12 instantiation files), with CUTLASS" "$d" "" \
    "$(files "$d" "ls *.cu | head -3; ls instantiations/*.cu | head -12")" . "$C/include" "$C/tools/util/include"
  d=$libs/Dao-AILab+flash-attention/csrc/flash_attn
  one "Dao-AILab/flash-attention csrc/flash_attn (12 sources), with CUTLASS" "$d" "" "$(files "$d" "ls src/*.cu | head -12")" \
    src . "$C/include"
  d=$libs/deepseek-ai+DeepGEMM
  one "deepseek-ai/DeepGEMM (20 sources and headers), with CUTLASS" "$d" "" \
    "$(files "$d" "find . -name '*.cu' -o -name '*.cuh' | grep -v third | head -20")" deep_gemm/include "$C/include"
  d=$libs/HazyResearch+ThunderKittens
  one "HazyResearch/ThunderKittens Hopper kernels (-DKITTENS_HOPPER)" "$d" "-D KITTENS_HOPPER" \
    "$(files "$d" "find kernels -path '*h100*' -name '*.cu' | head -30")" include prototype
  d=$libs/pytorch+ao
  one "pytorch/ao, every .cu" "$d" "" "$(files "$d" "find . -name '*.cu'")" torchao/csrc/cuda "$C/include"
  d=$libs/Dao-AILab+causal-conv1d/csrc
  one "Dao-AILab/causal-conv1d" "$d" "" "$(files "$d" "ls *.cu")" . "$C/include"
  d=$libs/state-spaces+mamba/csrc
  one "state-spaces/mamba csrc" "$d" "" "$(files "$d" "find . -name '*.cu'")" selective_scan . "$C/include"
  d=$libs/NVIDIA+apex
  one "NVIDIA/apex csrc and contrib/csrc, every .cu" "$d" "" "$(files "$d" "find . -name '*.cu'")" csrc apex/contrib/csrc \
    "$C/include"
  d=$C/examples
  one "NVIDIA/cutlass examples (every fourth .cu, 40)" "$d" "" "$(files "$d" "find . -name '*.cu' | awk 'NR%4==1' | head -40")" \
    "$C/include" "$C/tools/util/include" "$C/examples/common"
} | tee "$out"
