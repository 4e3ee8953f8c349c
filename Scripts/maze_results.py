#!/usr/bin/env python3
"""The deceptive-maze results of Novelty Search, reproduced: how many seeds solve each map,
after how many evaluations, and how much of the 100x100 position grid each algorithm covers.

Runs `tessera run maze --maze MAP --algorithm A --seed S --evaluations N --json` for every
algorithm and seed, reads the summary's `solved`, `first_solved_evaluation` and `coverage`,
and prints one Markdown table per map (and one JSON line per run with --jsonl).

Usage (from the repository root, after `swift build -c release`):
    python3 Scripts/maze_results.py --maps hard medium --algorithms novelty ga --seeds 0-9
    python3 Scripts/maze_results.py --maps hard --algorithms novelty nslc map-elites ga random --seeds 0-9
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile


def seeds(text: str) -> list[int]:
    if "-" in text:
        first, last = text.split("-", 1)
        return list(range(int(first), int(last) + 1))
    return [int(part) for part in text.split(",")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=".build/release/tessera")
    parser.add_argument("--maps", nargs="+", default=["hard", "medium"])
    parser.add_argument("--algorithms", nargs="+", default=["novelty", "nslc", "map-elites", "ga", "random"])
    parser.add_argument("--seeds", type=seeds, default=seeds("0-9"))
    parser.add_argument("--evaluations", type=int, default=250_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--jsonl", action="store_true", help="also print one JSON line per run")
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        print(f"{args.binary} does not exist: run `swift build -c release` first", file=sys.stderr)
        return 1
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "unknown CPU")
    print(f"maze results: {len(args.seeds)} seeds, {args.evaluations:,} evaluations, {args.workers} workers; {cpu}")
    with tempfile.TemporaryDirectory(prefix="tessera-maze-") as scratch:
        for maze in args.maps:
            rows = []
            for algorithm in args.algorithms:
                runs = []
                for seed in args.seeds:
                    out = os.path.join(scratch, f"{maze}-{algorithm}-{seed}.sqlite")
                    command = [args.binary, "run", "maze", "--maze", maze, "--algorithm", algorithm, "--seed", str(seed),
                               "--evaluations", str(args.evaluations), "--workers", str(args.workers), "--json",
                               "--no-report", "--quiet", "--output", out]
                    done = subprocess.run(command, capture_output=True, text=True)
                    if done.returncode != 0:
                        print(f"{' '.join(command)} failed: {done.stderr.strip()}", file=sys.stderr)
                        return 1
                    summary = json.loads(done.stdout.strip().splitlines()[-1])
                    os.remove(out)
                    runs.append(summary)
                    if args.jsonl:
                        print(json.dumps({"maze": maze, "algorithm": algorithm, "seed": seed, "solved": summary["solved"],
                                          "first_solved_evaluation": summary["first_solved_evaluation"],
                                          "coverage": summary["coverage"], "evals_per_second": summary["evals_per_second"]}))
                solved = [r["first_solved_evaluation"] for r in runs if r["solved"]]
                coverage = [r["coverage"] for r in runs]
                rows.append((algorithm, len(solved), len(runs),
                             f"{statistics.mean(solved):,.0f}" if solved else "-",
                             f"{statistics.median(solved):,.0f}" if solved else "-",
                             f"{statistics.mean(coverage) * 100:.2f}%",
                             f"{statistics.median(r['evals_per_second'] for r in runs):,.0f}"))
            print(f"\n{maze} maze")
            print("| algorithm | solved | mean evaluations to solve | median | coverage of the 100x100 grid (mean) | evals/s (median) |")
            print("|---|---|---|---|---|---|")
            for algorithm, n, total, mean, median, cover, rate in rows:
                print(f"| {algorithm} | {n}/{total} | {mean} | {median} | {cover} | {rate} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
