"""Loads CUBINs built by NVRTC 13.3 (bundled with jitguard) under this machine's driver.

Put the CUBINs and a names.txt (entry point -> lowered name, from index.json) beside this file in
.device/cubins/, then on the device machine: python3 .device/cubins/load.py
"""
import ast, os, sys
from cuda.bindings import driver as cu
here = os.path.dirname(os.path.abspath(__file__))
print("driver:", cu.cuDriverGetVersion())
err, = cu.cuInit(0); assert int(err) == 0, err
err, dev = cu.cuDeviceGet(0)
err, ctx = cu.cuDevicePrimaryCtxRetain(dev)
cu.cuCtxSetCurrent(ctx)
names = ast.literal_eval(open(os.path.join(here, "names.txt")).read())
for f in sorted(os.listdir(here)):
    if f.endswith(".cubin"):
        err, mod = cu.cuModuleLoadData(open(os.path.join(here, f), "rb").read())
        print(f, "cuModuleLoadData:", err)
        if int(err) == 0 and f.startswith("hopper"):
            for expr, lowered in names.items():
                e2, fn = cu.cuModuleGetFunction(mod, lowered.encode())
                print("  ", expr, "->", e2)
