#!/bin/sh
# On the device machine: Nsight Compute's warp states (why warps wait) and speed of light for one
# decode launch (after warm-up) of each manifest given (NAME=PATH), same variant and shape.
#   VARIANT (default hopper), SHAPE (default "--batch 64 --kv-len 4096").
set -u
export LD_LIBRARY_PATH=/usr/local/cuda/lib64:${LD_LIBRARY_PATH:-}
d=$(cd "$(dirname "$0")" && pwd)
ncu=$(ls /opt/nvidia/nsight-compute/*/ncu 2>/dev/null | tail -1)
[ -n "$ncu" ] || ncu=$(command -v ncu)
for m in "$@"; do
  echo "=== ${m%%=*} ${VARIANT:-hopper} ${SHAPE:-64x4096}"
  timeout 150 "$ncu" --target-processes all -k regex:decode_kernel -s 3 -c 1 \
    --section SpeedOfLight --section WarpStateStats --section SchedulerStats --section SourceCounters \
    --metrics sm__pipe_tensor_op_gmma_cycles_active.avg.pct_of_peak_sustained_active,sm__cycles_active.avg,dram__throughput.avg.pct_of_peak_sustained_elapsed,lts__t_sector_hit_rate.pct \
    "$d/run.sh" run-mla --manifest "${m#*=}" --no-check --bench --iterations 2 ${SHAPE:---batch 64 --kv-len 4096} \
    --variant "${VARIANT:-hopper}" 2>&1 | grep -vE '^\s*ptxas|^==PROF==' | sed -n '/decode_kernel/,$p' | head -150
done
