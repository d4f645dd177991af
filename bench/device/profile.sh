#!/bin/sh
# On the device machine: Nsight Compute on one decode launch (after warm-up) of each manifest given
# (NAME=PATH; default the bundled one, or TUNE_MANIFEST), same variant and shape, one after the other:
# speed of light, compute and memory workload, warp states (why warps wait) with the stall
# locations, scheduler, occupancy and launch statistics.
#   VARIANT (default hopper, or the first argument when it names no manifest), SHAPE (default
#   "--batch 128 --kv-len 4096").
set -u
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
d=$(cd "$(dirname "$0")" && pwd)
variant=${VARIANT:-hopper}
case ${1:-} in *=*) ;; "") ;; *) variant=$1; shift ;; esac
[ $# -gt 0 ] || set -- "now=${TUNE_MANIFEST:-kernels/manifest.json}"
shape=${SHAPE:---batch 128 --kv-len 4096}
ncu=$(ls /opt/nvidia/nsight-compute/*/ncu 2>/dev/null | tail -1)
[ -n "$ncu" ] || ncu=$(command -v ncu)
for m in "$@"; do
  echo "=== ${m%%=*} $variant $shape"
  timeout 180 "$ncu" --target-processes all -k regex:decode_kernel -s 3 -c 1 \
    --section SpeedOfLight --section ComputeWorkloadAnalysis --section MemoryWorkloadAnalysis \
    --section WarpStateStats --section SourceCounters --section SchedulerStats --section Occupancy \
    --section LaunchStats \
    --metrics sm__pipe_tensor_op_gmma_cycles_active.avg.pct_of_peak_sustained_active,sm__cycles_active.avg,smsp__cycles_active.avg,sm__inst_executed_pipe_uniform.sum,l1tex__data_pipe_lsu_wavefronts_mem_shared.sum,smsp__average_warps_issue_stalled_sleeping_per_issue_active.ratio,dram__throughput.avg.pct_of_peak_sustained_elapsed,lts__t_sector_hit_rate.pct \
    "$d/run.sh" run-mla --manifest "${m#*=}" --no-check --bench --iterations 2 $shape --variant "$variant" 2>&1 \
    | grep -vE '^\s*ptxas'
done
