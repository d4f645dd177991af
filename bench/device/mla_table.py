#!/usr/bin/env python3
"""One table of jitguard's MLA decode against FlashMLA, from bench/device/flashmla.sh's raw output
(run-mla --bench lines) and bench_flashmla's CSV files: per shape, each manifest and variant's total
time (plan + decode + merge), its share of the card's roofline and its ratio to FlashMLA's full time
(metadata + split-kv + combine), and where the time goes (the kernels alone). Medians over rounds."""
import csv
import re
import statistics
import sys
from collections import defaultdict

raw_path, csv_paths = sys.argv[1], sys.argv[2:]
runs = defaultdict(list)  # (manifest, variant, shape) -> [(total, plan, decode, merge, gbps, tflops, roofline_ms)]
card = roof_note = None
key = None
row = None
for line in open(raw_path, errors="replace"):
    m = re.match(r"=== jitguard (\S+) (\S+) (\d+x\d+)", line)
    if m:
        key = (m.group(1).split("=")[0], m.group(2), m.group(3))
        continue
    if line.startswith("device:") and card is None:
        card = line.split(":", 1)[1].split("(")[0].strip()
    m = re.match(r"\((\d+) timed runs.*?; (.*)\)\s*$", line)
    if m:
        roof_note = m.group(2)
    m = re.match(r"^(\w+)\s+(\d+) x (\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)%", line)
    if m and key:
        row = dict(total=float(m.group(4)), gbps=float(m.group(6)), tflops=float(m.group(7)), roof=float(m.group(9)))
        continue
    m = re.match(r"median per kernel: plan ([\d.]+) ms, decode ([\d.]+) ms, merge ([\d.]+) ms", line)
    if m and key and row:
        row.update(plan=float(m.group(1)), decode=float(m.group(2)), merge=float(m.group(3)))
        runs[key].append(row)
        row = None

flash = defaultdict(lambda: defaultdict(list))  # shape -> field -> values
for p in csv_paths:
    for r in csv.DictReader(open(p)):
        if r["mode"] != "full":
            continue
        s = f'{r["batch"]}x{r["kv_len"]}'
        flash[s]["full"].append(float(r["median_ms"]))
        flash[s]["splitkv"].append(float(r["mla_ms"]))
        flash[s]["combine"].append(float(r["combine_ms"]))
        flash[s]["meta"].append(float(r["meta_ms"]))
        flash[s]["harness_roof"].append(float(r["roofline_ms"]))  # the harness's own peaks (an H200's)
        flash[s]["valid"].append(int(r["valid"]))

def card_roofline_ms(b, kv):
    """The roofline time of a shape on the card jitguard detected (its 'roofline X TB/s ... and Y dense
    bf16 TFLOP/s' line), so FlashMLA's row is measured against the same card as jitguard's."""
    m = re.search(r"roofline ([\d.]+) TB/s.*? and ([\d.]+) dense bf16 TFLOP/s", roof_note or "")
    if not m:
        return float("nan")
    return max(1152.0 * b * kv / (float(m.group(1)) * 1e12), 2176.0 * 128 * b * kv / (float(m.group(2)) * 1e12)) * 1e3

def med(values):
    return statistics.median(values) if values else float("nan")

print(f"card: {card or 'unknown'}; jitguard's roofline: {roof_note or 'unknown'}")
print("ms are medians of the timed runs (and of rounds); 'x FlashMLA' is total / FlashMLA full; "
      "'of roofline' is the roofline time / the measured time")
print()
print(f'{"shape":<10} {"impl":<22} {"total ms":>9} {"GB/s":>7} {"TFLOP/s":>8} {"of roof":>8} {"x FlashMLA":>10}'
      f'   kernels alone (ms)')
shapes = sorted({k[2] for k in runs} | set(flash), key=lambda s: (-int(s.split("x")[0]), -int(s.split("x")[1])))
for s in shapes:
    b, kv = map(int, s.split("x"))
    f = flash.get(s)
    if f:
        full = med(f["full"])
        bytes_ = 1152.0 * b * kv
        flops = 2176.0 * 128 * b * kv
        print(f'{s:<10} {"FlashMLA":<22} {full:9.4f} {bytes_ / full / 1e6:7.0f} {flops / full / 1e9:8.1f} '
              f'{100 * card_roofline_ms(b, kv) / full:7.1f}% {1.0:10.2f}   metadata {med(f["meta"]):.4f}, split-kv '
              f'{med(f["splitkv"]):.4f}, combine {med(f["combine"]):.4f}'
              + ("" if all(f["valid"]) else "  (FAILED its check)"))
    for k in sorted(k for k in runs if k[2] == s):
        rs = runs[k]
        total = med([r["total"] for r in rs])
        ratio = total / med(f["full"]) if f else float("nan")
        name = f"jitguard {k[1]}" + ("" if k[0] == "now" else f" ({k[0]})")
        print(f'{"":<10} {name:<22} {total:9.4f} {med([r["gbps"] for r in rs]):7.0f} '
              f'{med([r["tflops"] for r in rs]):8.1f} {med([r["roof"] for r in rs]):7.1f}% {ratio:10.2f}   '
              f'plan {med([r["plan"] for r in rs]):.4f}, decode {med([r["decode"] for r in rs]):.4f}, '
              f'merge {med([r["merge"] for r in rs]):.4f}')
