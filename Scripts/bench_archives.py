#!/usr/bin/env python3
"""Benchmarks of Tessera's saved archives (issue "Saved archives"), printed as markdown.

1. Checkpoint overhead: sphere D=100 map-elites, 10,000,000 evaluations, with the default
   checkpoints (every 30 s of wall time and at the end) against --checkpoint-every 0 (only
   at the end), interleaved, median of N runs each; also with a checkpoint every
   1,000,000 evaluations, to show the cost of one checkpoint.
2. info / export (csv, jsonl) / report on the archive of an arm (12 joints) map-elites run
   of 1,000,000 evaluations: median wall time of N invocations each.

Usage: python3 Scripts/bench_archives.py [--runs 5] [--tessera .build/release/tessera] [--no-build]
Standard library only.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_json(cmd: list[str]) -> dict:
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--evaluations", type=int, default=10_000_000)
    p.add_argument("--tessera", default=str(ROOT / ".build/release/tessera"))
    p.add_argument("--no-build", action="store_true")
    args = p.parse_args()
    if not args.no_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "tessera"], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
    scratch = Path(tempfile.mkdtemp(prefix="tessera-bench-archives-"))
    binary = str(scratch / "tessera")
    shutil.copy2(args.tessera, binary)

    print("## Saved archives: benchmark\n")
    print("```\n" + " ".join([sys.executable] + sys.argv) + "\n```\n")
    print(f"- machine: {os.cpu_count()} cores, {platform.machine()}, loadavg before {os.getloadavg()[0]:.2f}")

    # 1. Checkpoint overhead.
    variants = {"default (30 s + end)": [], "--checkpoint-every 0": [], "--checkpoint-every 1000000": []}
    flags = {"default (30 s + end)": [], "--checkpoint-every 0": ["--checkpoint-every", "0"],
             "--checkpoint-every 1000000": ["--checkpoint-every", "1000000"]}
    for _ in range(args.runs):
        for name in variants:
            out = scratch / "sphere.sqlite"
            result = run_json([binary, "run", "sphere", "--evaluations", str(args.evaluations), "--output", str(out),
                               "--overwrite", "--no-report", "--json", "--quiet"] + flags[name])
            variants[name].append(result["wall_seconds"])
    base = statistics.median(variants["--checkpoint-every 0"])
    print(f"\n### Checkpoint overhead: sphere D=100, map-elites, {args.evaluations:,} evaluations, "
          f"{os.cpu_count()} workers, median of {args.runs}\n")
    print("| checkpoints | median wall s | runs (s) | vs end-only |")
    print("|---|---:|---|---:|")
    for name, walls in variants.items():
        m = statistics.median(walls)
        print(f"| {name} | {m:.3f} | {' · '.join(f'{w:.2f}' for w in walls)} | {100 * (m / base - 1):+.1f}% |")

    # 2. info / export / report on an arm archive.
    arm = scratch / "arm.sqlite"
    made = run_json([binary, "run", "arm", "--evaluations", "1000000", "--output", str(arm), "--overwrite",
                     "--no-report", "--json", "--quiet"])
    print(f"\n### info / export / report: arm 12 joints, map-elites, 1,000,000 evaluations "
          f"({made['num_elites']:,} elites, {arm.stat().st_size / 1e6:.1f} MB), median of {args.runs}\n")
    print("| command | median s | target |")
    print("|---|---:|---|")
    commands = {
        "info": ([binary, "info", str(arm)], 0.5),
        "info --json": ([binary, "info", str(arm), "--json"], 0.5),
        "export --format csv": ([binary, "export", str(arm), "--format", "csv", "--out", str(scratch / "a.csv")], 0.5),
        "export --format jsonl": ([binary, "export", str(arm), "--format", "jsonl", "--out", str(scratch / "a.jsonl")], 0.5),
        "report": ([binary, "report", str(arm), "--out", str(scratch / "a.html")], 2.0),
    }
    for name, (cmd, target) in commands.items():
        times = [timed(cmd) for _ in range(args.runs)]
        m = statistics.median(times)
        print(f"| `tessera {name}` | {m:.3f} | < {target} s: {'PASS' if m < target else 'FAIL'} |")
    print(f"\n- report size: {(scratch / 'a.html').stat().st_size / 1e6:.2f} MB; loadavg after {os.getloadavg()[0]:.2f}")
    shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
