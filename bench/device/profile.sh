#!/bin/sh
# On the device machine: Nsight Compute on one decode launch (after warm-up) of the given variant at
# 128 x 4096: speed of light, compute and memory workload, warp states and instruction mix.
set -u
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
d=$(cd "$(dirname "$0")" && pwd)
ncu=$(ls /opt/nvidia/nsight-compute/*/ncu 2>/dev/null | tail -1)
"$ncu" --target-processes all -k regex:decode_kernel -s 3 -c 1 \
  --section SpeedOfLight --section ComputeWorkloadAnalysis --section MemoryWorkloadAnalysis \
  --section WarpStateStats --section SchedulerStats --section Occupancy --section LaunchStats \
  --metrics sm__pipe_tensor_op_gmma_cycles_active.avg.pct_of_peak_sustained_active,sm__cycles_active.avg,smsp__cycles_active.avg,sm__inst_executed_pipe_uniform.sum,l1tex__data_pipe_lsu_wavefronts_mem_shared.sum,smsp__average_warps_issue_stalled_sleeping_per_issue_active.ratio \
  "$d/run.sh" run-mla --manifest "${TUNE_MANIFEST:-kernels/manifest.json}" --no-check --bench --iterations 2 \
  --batch 128 --kv-len 4096 --variant "${1:-hopper}" 2>&1
