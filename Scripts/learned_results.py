#!/usr/bin/env python3
"""Learned descriptors against hand-designed ones, on one scale: the ground-truth coverage.

Runs `tessera run TASK --algorithm ... --seed S --evaluations N --json` for every variant
and seed, reads the summary's `ground_truth_coverage` (the share of a 100x100 grid over
the task's own descriptor that the run's evaluations reached, whatever its archive) and
the learning figures, and prints a Markdown table with each variant's mean coverage and
its ratio to the reference variants (one JSON line per run with --jsonl).

A variant is NAME=ARGUMENTS, the arguments of `tessera run` after the task:
    python3 Scripts/learned_results.py --task maze --seeds 0-4 --evaluations 100000 \
        --variants "novelty=--algorithm novelty" "random=--algorithm random" \
                   "aurora=--algorithm aurora" "taxons=--algorithm taxons" \
        --references novelty random
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile


def seeds(text: str) -> list[int]:
    if "-" in text:
        first, last = text.split("-", 1)
        return list(range(int(first), int(last) + 1))
    return [int(part) for part in text.split(",")]


def variant(text: str) -> tuple[str, list[str]]:
    name, _, arguments = text.partition("=")
    if not name or not arguments:
        raise argparse.ArgumentTypeError(f"a variant is NAME=ARGUMENTS (got {text!r})")
    return name, shlex.split(arguments)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/tessera")
    parser.add_argument("--task", default="maze")
    parser.add_argument("--variants", nargs="+", type=variant, required=True)
    parser.add_argument("--references", nargs="*", default=[], help="variants the others are compared with")
    parser.add_argument("--seeds", type=seeds, default=seeds("0-4"))
    parser.add_argument("--evaluations", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--jsonl", action="store_true", help="also print one JSON line per run")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        print(f"{args.binary} does not exist: run `swift build -c release` first", file=sys.stderr)
        return 1
    names = [name for name, _ in args.variants]
    for reference in args.references:
        if reference not in names:
            print(f"--references {reference}: no such variant (variants: {', '.join(names)})", file=sys.stderr)
            return 64
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "unknown CPU")
    print(f"{args.task}: {len(args.seeds)} seeds, {args.evaluations:,} evaluations, {args.workers} workers; {cpu}")
    results: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="tessera-learned-") as scratch:
        for name, arguments in args.variants:
            results[name] = []
            for seed in args.seeds:
                out = os.path.join(scratch, f"{name}-{seed}.sqlite")
                command = [args.binary, "run", args.task, *arguments, "--seed", str(seed), "--evaluations", str(args.evaluations),
                           "--workers", str(args.workers), "--json", "--no-report", "--quiet", "--output", out]
                done = subprocess.run(command, capture_output=True, text=True)
                if done.returncode != 0:
                    print(f"{' '.join(command)} failed: {done.stderr.strip()}", file=sys.stderr)
                    return 1
                summary = json.loads(done.stdout.strip().splitlines()[-1])
                if "ground_truth_coverage" not in summary:
                    print(f"{args.task} reports no ground_truth_coverage", file=sys.stderr)
                    return 1
                run = {"variant": name, "seed": seed, "ground_truth_coverage": summary["ground_truth_coverage"],
                       "num_elites": summary["num_elites"], "loop_seconds": summary["loop_seconds"],
                       "fit_seconds": (summary.get("learning") or {}).get("fit_seconds", 0.0),
                       "trainings": (summary.get("learning") or {}).get("trainings", 0)}
                results[name].append(run)
                if args.jsonl:
                    print(json.dumps(run))
                os.remove(out)
    means = {name: statistics.mean(r["ground_truth_coverage"] for r in runs) for name, runs in results.items()}
    header = "| variant | ground-truth coverage, mean (min–max) | elites | trainings | fit s | loop s |"
    header += "".join(f" vs {reference} |" for reference in args.references)
    print(header)
    print("|---" * (6 + len(args.references)) + "|")
    for name, runs in results.items():
        coverage = [r["ground_truth_coverage"] for r in runs]
        line = (f"| {name} | {means[name]:.3f} ({min(coverage):.3f}–{max(coverage):.3f}) "
                f"| {statistics.mean(r['num_elites'] for r in runs):,.0f} | {statistics.mean(r['trainings'] for r in runs):.0f} "
                f"| {statistics.mean(r['fit_seconds'] for r in runs):.1f} | {statistics.mean(r['loop_seconds'] for r in runs):.1f} |")
        line += "".join(f" {means[name] / means[reference]:.2f}x |" if means[reference] > 0 else " - |" for reference in args.references)
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
