#!/usr/bin/env bash
# Packs jitguard's own NVRTC 13.3 (from the CUDA redistributable jar Maven fetched) into .nvrtc133/,
# xz-compressed: 120 MB of libnvrtc become 35 MB. With .device/ (51 MB) that is over what one device
# call carries (64 MiB), and a carried folder does not outlive its call, but /tmp of a warm machine
# does. So, one call right after the other:
#   device run, carry [".device"]:   rm -rf /tmp/jg-device && cp -r .device /tmp/jg-device
#   device run, carry [".nvrtc133"]: NVRTC_XZ=$PWD/.nvrtc133 sh /tmp/jg-device/jobs.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
jar=$(ls ~/.m2/repository/org/bytedeco/cuda-redist/13.3-9.25-1.5.14/cuda-redist-13.3-9.25-1.5.14-linux-x86_64.jar)
grep -qs '^/.nvrtc133/' .git/info/exclude || echo '/.nvrtc133/' >> .git/info/exclude
rm -rf .nvrtc133 && mkdir -p .nvrtc133
for f in libnvrtc.so.13 libnvrtc-builtins.so.13.3; do
  unzip -p "$jar" "org/bytedeco/cuda/linux-x86_64/$f" | xz -T0 -6 > ".nvrtc133/$f.xz"
done
du -sh .nvrtc133
