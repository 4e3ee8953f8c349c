#!/usr/bin/env python3
"""Side-by-side speed of two Tessera builds: the work tree against an earlier commit.

Builds the base revision in a temporary git worktree (release), copies both binaries to
a private folder (so a concurrent build cannot swap them), then runs every task
interleaved -- base, head, base, head, ... -- so both builds see the same machine noise,
and prints the median evaluations per second of each, their ratio, and whether the QD
scores are bit-identical (they must be: the same seed gives the same archive).

The rate is the summary's ``evals_per_second``: this session's evaluations over the
loop time (no set-up, file creation, final checkpoint or report).

Usage (from the repository root):
    python3 Scripts/compare_builds.py --base 985de58
    python3 Scripts/compare_builds.py --base HEAD~1 --runs 7 --evaluations 5000000 --tasks sphere arm
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile


def build(root: str, revision: str | None, into: str, name: str) -> str:
    source = root
    worktree = None
    if revision is not None:
        worktree = tempfile.mkdtemp(prefix="tessera-base-")
        subprocess.run(["git", "worktree", "add", "--detach", worktree, revision], cwd=root, check=True,
                       stdout=subprocess.DEVNULL)
        source = worktree
    try:
        subprocess.run(["swift", "build", "-c", "release", "--product", "tessera"], cwd=source, check=True,
                       stdout=subprocess.DEVNULL)
        binary = os.path.join(into, name)
        shutil.copy2(os.path.join(source, ".build", "release", "tessera"), binary)
        return binary
    finally:
        if worktree is not None:
            subprocess.run(["git", "worktree", "remove", "--force", worktree], cwd=root, check=False)


def run(binary: str, task: str, evaluations: int, workers: int, scratch: str) -> dict:
    output = os.path.join(scratch, f"{os.path.basename(binary)}-{task}.sqlite")
    result = subprocess.run([binary, "run", task, "--evaluations", str(evaluations), "--workers", str(workers),
                             "--output", output, "--overwrite", "--no-report", "--json", "--quiet"],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="the earlier revision (a commit, tag or HEAD~N)")
    parser.add_argument("--runs", type=int, default=7, help="interleaved runs per build and task (default 7)")
    parser.add_argument("--evaluations", type=int, default=5_000_000, help="evaluations per run (default 5,000,000)")
    parser.add_argument("--workers", type=int, default=2, help="workers (default 2)")
    parser.add_argument("--tasks", nargs="+", default=["sphere", "arm"], help="tasks (default: sphere arm)")
    args = parser.parse_args()
    if args.runs < 1 or args.evaluations < 1 or args.workers < 1:
        parser.error("--runs, --evaluations and --workers must be positive")
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], check=True, capture_output=True, text=True).stdout.strip()
    scratch = tempfile.mkdtemp(prefix="tessera-compare-")
    try:
        base = build(root, args.base, scratch, "base")
        head = build(root, None, scratch, "head")
        cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
        print(f"base {args.base} vs work tree; {args.runs} interleaved runs of {args.evaluations:,} evaluations, "
              f"{args.workers} workers; {cpu}, {os.cpu_count()} CPUs")
        print()
        print("| task | base median | head median | head / base | QD scores |")
        print("|---|---|---|---|---|")
        for task in args.tasks:
            rates = {"base": [], "head": []}
            scores = {"base": set(), "head": set()}
            for _ in range(args.runs):
                for name, binary in (("base", base), ("head", head)):
                    summary = run(binary, task, args.evaluations, args.workers, scratch)
                    rates[name].append(summary["evals_per_second"])
                    scores[name].add(repr(summary["qd_score"]))
            b, h = statistics.median(rates["base"]), statistics.median(rates["head"])
            same = "identical" if scores["base"] == scores["head"] and len(scores["base"]) == 1 else \
                f"DIFFER: base {sorted(scores['base'])}, head {sorted(scores['head'])}"
            print(f"| {task} | {b / 1e6:.2f}M/s | {h / 1e6:.2f}M/s | {h / b:.3f} | {same} |")
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
