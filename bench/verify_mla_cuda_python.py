"""Checks the bundled MLA kernels on a GPU against a float64 reference, outside the JVM.

Runs on the device machine (which has cuda-python, CuPy and NumPy but no Java). It compiles
kernels/mla/*.cu with the machine's NVRTC through name expressions, exactly as jitguard does,
launches plan, decode and merge through the driver API, and compares o and lse with a float64
reference on random inputs (outputs poisoned with NaN first, so unwritten elements show).

    python3 bench/verify_mla_cuda_python.py            # prints one line per case, exits 1 on a mismatch
    JITGUARD_KERNELS=DIR python3 ...                    # the same for another kernel tree (an experiment)
"""
import ctypes
import math
import os
import sys

import cupy as cp
import numpy as np
from cuda.bindings import driver as cu
from cuda.bindings import nvrtc

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# The kernel tree to check: the bundled one, or another (an experiment's) named by JITGUARD_KERNELS.
KERNELS = os.environ.get("JITGUARD_KERNELS") or os.path.join(ROOT, "kernels")
INCLUDE = os.path.join(KERNELS, "include")
CUDA_INCLUDE = "/usr/local/cuda/include"
CKV, KPE = 512, 64
MERGE_THREADS = 128  # merge_kernel: a float4 of a head's 512 columns a thread, a block per (head, split request)
# threads, heads per CTA, dynamic shared bytes, tile, reads kv through tensor maps, plan threads
GEOMETRY = b"jitguard_mla_decode_geometry"
TYPES = {"bf16": "__nv_bfloat16", "fp16": "__half", "fp32": "float"}


def check(status, what):
    err = status[0] if isinstance(status, tuple) else status
    if int(err) != 0:
        raise RuntimeError(f"{what} failed: {err}")
    return status[1:] if isinstance(status, tuple) and len(status) > 1 else None


def compile_program(path, names, arch):
    src = open(path, "rb").read()
    err, prog = nvrtc.nvrtcCreateProgram(src, path.encode(), 0, [], [])
    check(err, "create")
    for n in names:
        check(nvrtc.nvrtcAddNameExpression(prog, n.encode()), "add name")
    opts = [f"-arch={arch}".encode(), b"-std=c++17", f"-I{INCLUDE}".encode(), f"-I{CUDA_INCLUDE}".encode(),
            f"-I{CUDA_INCLUDE}/cccl".encode()]
    err, = nvrtc.nvrtcCompileProgram(prog, len(opts), opts)
    _, size = nvrtc.nvrtcGetProgramLogSize(prog)
    log = b" " * size
    nvrtc.nvrtcGetProgramLog(prog, log)
    if int(err) != 0:
        raise RuntimeError(f"compile {path} for {arch}:\n{log.decode(errors='replace')}")
    _, size = nvrtc.nvrtcGetCUBINSize(prog)
    cubin = b" " * size
    check(nvrtc.nvrtcGetCUBIN(prog, cubin), "cubin")
    lowered = {}
    for n in names:
        err, low = nvrtc.nvrtcGetLoweredName(prog, n.encode())
        check(err, "lowered")
        lowered[n] = low.decode()
    err, module = cu.cuModuleLoadData(cubin)
    check(err, "module load")
    funcs = {}
    for n in names:
        err, f = cu.cuModuleGetFunction(module, lowered[n].encode())
        check(err, "get function")
        funcs[n] = f
    err, dptr, size = cu.cuModuleGetGlobal(module, GEOMETRY)
    if int(err) == 0:  # decode modules say how to launch them
        geometry = np.zeros(7, np.uint32)
        check(cu.cuMemcpyDtoH(geometry.ctypes.data, dptr, 28), "read geometry")
        funcs["geometry"] = [int(g) for g in geometry]
        for n in names:
            if "decode_kernel" in n:
                check(cu.cuFuncSetAttribute(funcs[n], cu.CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                                            funcs["geometry"][2]), "allow shared memory")
    return funcs


def launch(func, grid, block, args, shared=0):
    """args: list of ctypes objects; passed by address as cuLaunchKernel expects."""
    ptrs = (ctypes.c_void_p * len(args))(*[ctypes.addressof(a) for a in args])
    check(cu.cuLaunchKernel(func, *grid, *block, shared, 0, ctypes.addressof(ptrs), 0), "launch")


class Params(ctypes.Structure):
    _fields_ = [(n, ctypes.c_void_p) for n in (
        "q_nope", "q_pe", "ckv", "kpe", "kv_indptr", "kv_page_indices", "kv_len", "work_request",
        "work_kv_start", "work_kv_end", "work_partial", "plan_info", "o", "lse", "partial_o",
        "partial_lse")] + [("num_heads", ctypes.c_uint), ("page_size", ctypes.c_uint),
                           ("sm_scale", ctypes.c_float),
                           # 0: no tensor maps, so the Hopper variant copies kv with cp.async here
                           ("kv_box_rows", ctypes.c_uint), ("pad", ctypes.c_ubyte * 48),
                           ("ckv_map", ctypes.c_ubyte * 128), ("kpe_map", ctypes.c_ubyte * 128)]
assert ctypes.sizeof(Params) == 448, "MLAParams (params.cuh) is 448 bytes"


def to_device(x, dtype):
    """Rounds float64 x to dtype; returns (device array of raw bits, float64 of the rounded values)."""
    if dtype == "fp16":
        h = x.astype(np.float16)
        return cp.asarray(h), h.astype(np.float64)
    if dtype == "fp32":
        f = x.astype(np.float32)
        return cp.asarray(f), f.astype(np.float64)
    f = x.astype(np.float32)
    bits = f.view(np.uint32)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)  # round to nearest even
    back = (rounded.astype(np.uint32) << 16).view(np.float32)
    return cp.asarray(rounded), back.astype(np.float64)


def from_device(arr, dtype):
    h = cp.asnumpy(arr)
    if dtype == "bf16":
        return (h.astype(np.uint32) << 16).view(np.float32).astype(np.float64)
    return h.astype(np.float64)


def reference(qn, qp, ckv, kpe, pages_of, lens, scale):
    n, heads = qn.shape[0], qn.shape[1]
    o = np.zeros((n, heads, CKV))
    lse = np.full((n, heads), -np.inf)
    for b in range(n):
        if lens[b] == 0:
            continue
        rows = pages_of(b)
        c, k = ckv[rows], kpe[rows]
        s = (qn[b] @ c.T + qp[b] @ k.T) * scale
        m = s.max(axis=1, keepdims=True)
        e = np.exp(s - m)
        o[b] = (e @ c) / e.sum(axis=1, keepdims=True)
        lse[b] = (m[:, 0] + np.log(e.sum(axis=1)))
    return o, lse


def run_case(funcs, variant, dq, dkv, do, heads, lens, page_size, num_sms, rng):
    n = len(lens)
    pages_per = [max(1, -(-l // page_size)) for l in lens]
    total_pages = sum(pages_per) + 3
    perm = rng.permutation(total_pages).astype(np.int32)  # pages scattered over the pool
    indptr = np.zeros(n + 1, np.int32)
    indptr[1:] = np.cumsum(pages_per)
    page_ids = perm[:indptr[-1]]
    qn = rng.standard_normal((n, heads, CKV))
    qp = rng.standard_normal((n, heads, KPE))
    ckv = rng.standard_normal((total_pages * page_size, CKV))
    kpe = rng.standard_normal((total_pages * page_size, KPE))
    qn_d, qn_r = to_device(qn, dq)
    qp_d, qp_r = to_device(qp, dq)
    ckv_d, ckv_r = to_device(ckv, dkv)
    kpe_d, kpe_r = to_device(kpe, dkv)
    scale = 1.0 / math.sqrt(192.0)

    def rows_of(b):
        pos = np.arange(lens[b])
        return page_ids[indptr[b] + pos // page_size] * page_size + pos % page_size

    o_ref, lse_ref = reference(qn_r, qp_r, ckv_r, kpe_r, rows_of, lens, scale)
    max_work = n + num_sms * 2
    i32 = lambda k: cp.zeros(k, cp.int32)
    work_req, work_s, work_e, work_p = i32(max_work), i32(max_work), i32(max_work), i32(max_work)
    merge_indptr, merge_requests, plan_info = i32(n + 1), i32(max(n, 1)), i32(4)
    kv_len_d = cp.asarray(np.array(lens, np.int32))
    odt = {"bf16": cp.uint16, "fp16": cp.float16, "fp32": cp.float32}[do]
    o = cp.full((n, heads, CKV), 0xFFFF if do == "bf16" else np.nan, odt)  # poisoned: NaN in every dtype
    lse = cp.full((n, heads), np.nan, cp.float32)
    partial_o = cp.full((max_work, heads, CKV), np.nan, cp.float32)
    partial_lse = cp.full((max_work, heads), np.nan, cp.float32)
    tq, tkv, to = TYPES[dq], TYPES[dkv], TYPES[do]
    geometry = funcs["geometry"]
    ptr = lambda a: ctypes.c_void_p(a.data.ptr)
    u = ctypes.c_uint
    launch(funcs[f"jitguard::mla::plan_kernel<jitguard::mla::{variant}::Layout, int>"], (1, 1, 1), (geometry[5], 1, 1),
           [ptr(kv_len_d), u(n), u(heads), u(num_sms), u(max_work), ptr(work_req), ptr(work_s), ptr(work_e),
            ptr(work_p), ptr(merge_indptr), ptr(merge_requests), ptr(plan_info)])
    indptr_d, page_ids_d = cp.asarray(indptr), cp.asarray(page_ids)  # held until the kernels are done
    p = Params(qn_d.data.ptr, qp_d.data.ptr, ckv_d.data.ptr, kpe_d.data.ptr, indptr_d.data.ptr,
               page_ids_d.data.ptr, kv_len_d.data.ptr, work_req.data.ptr, work_s.data.ptr,
               work_e.data.ptr, work_p.data.ptr, plan_info.data.ptr, o.data.ptr, lse.data.ptr,
               partial_o.data.ptr, partial_lse.data.ptr, heads, page_size, scale, 0)
    launch(funcs[f"jitguard::mla::{variant}::decode_kernel<{tq}, {tkv}, {to}, int>"],
           (-(-heads // geometry[1]), max_work, 1), (geometry[0], 1, 1), [p], geometry[2])
    # a slot for every request, the most the plan can split (run-mla sizes it exactly, or skips the merge)
    launch(funcs[f"jitguard::mla::merge_kernel<{to}, int>"], (heads, max(n, 1), 1), (MERGE_THREADS, 1, 1),
           [ptr(partial_o), ptr(partial_lse), ptr(merge_indptr), ptr(merge_requests), ptr(plan_info), ptr(o),
            ptr(lse), u(heads)])
    check(cu.cuCtxSynchronize(), "synchronize")
    o_got = from_device(o, do)
    lse_got = cp.asnumpy(lse).astype(np.float64)
    info = cp.asnumpy(plan_info)
    nonempty = np.array(lens) > 0
    o_err = np.abs(o_got - o_ref).max() if np.isfinite(o_got).all() else float("nan")
    o_rel = np.linalg.norm(o_got - o_ref) / max(np.linalg.norm(o_ref), 1e-30)
    lse_ok = np.isneginf(lse_got[~nonempty]).all() if (~nonempty).any() else True
    lse_rel = (np.abs(lse_got[nonempty] - lse_ref[nonempty]) / np.maximum(np.abs(lse_ref[nonempty]), 1e-6)).max()
    ok = np.isfinite(o_got).all() and o_rel < 1e-2 and lse_rel < 1e-3 and lse_ok
    print(f"{'ok  ' if ok else 'FAIL'} {variant:8s} q={dq} kv={dkv} o={do} heads={heads} page={page_size} "
          f"lens={lens if len(lens) <= 6 else f'{len(lens)}x{lens[0]}'} work={info[0]} partials={info[1]} "
          f"chunk={info[2]} o_max_abs={o_err:.3g} o_rel={o_rel:.3g} lse_rel={lse_rel:.3g}", flush=True)
    return ok


def main():
    cp.cuda.Device(0).use()
    cp.zeros(1)  # creates the primary context that the driver calls below share
    major = cp.cuda.Device(0).compute_capability
    num_sms = cp.cuda.Device(0).attributes["MultiProcessorCount"]
    print(f"device {cp.cuda.runtime.getDeviceProperties(0)['name'].decode()} sm_{major} sms={num_sms}", flush=True)
    rng = np.random.default_rng(7)
    combos = [("bf16", "bf16", "bf16"), ("fp16", "fp16", "fp16"), ("bf16", "bf16", "fp32"), ("fp16", "bf16", "bf16")]
    names = {}
    for variant, arch in (("portable", "sm_90a"), ("hopper", "sm_90a")):
        exprs = [f"jitguard::mla::plan_kernel<jitguard::mla::{variant}::Layout, int>"] + [
            f"jitguard::mla::{variant}::decode_kernel<{TYPES[a]}, {TYPES[b]}, {TYPES[c]}, int>" for a, b, c in combos]
        names[(variant, arch)] = compile_program(os.path.join(KERNELS, "mla", f"mla_decode_{variant}.cu"), exprs, arch)
    merge = compile_program(os.path.join(KERNELS, "mla", "mla_merge.cu"),
                            [f"jitguard::mla::merge_kernel<{TYPES[c]}, int>" for c in ("bf16", "fp16", "fp32")], "sm_90a")
    cases = [
        ("hopper", ("bf16", "bf16", "bf16"), 128, [1, 77, 1000, 0, 64, 4095], 64),
        ("portable", ("bf16", "bf16", "bf16"), 128, [1, 77, 1000, 0, 64, 4095], 64),
        ("hopper", ("bf16", "bf16", "bf16"), 128, [4096] * 16, 64),
        ("portable", ("bf16", "bf16", "bf16"), 128, [4096] * 16, 64),
        ("hopper", ("bf16", "bf16", "bf16"), 128, [16384] * 2, 64),
        ("hopper", ("fp16", "fp16", "fp16"), 20, [300, 5, 129], 16),
        ("portable", ("bf16", "bf16", "fp32"), 128, [513, 2000], 256),
        ("hopper", ("fp16", "bf16", "bf16"), 128, [640, 33], 64),
    ]
    ok = True
    for variant, (dq, dkv, do), heads, lens, page in cases:
        funcs = dict(names[(variant, "sm_90a")])
        funcs.update(merge)
        ok &= run_case(funcs, variant, dq, dkv, do, heads, lens, page, num_sms, rng)
    print("all ok" if ok else "MISMATCH")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
