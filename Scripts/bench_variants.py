#!/usr/bin/env python3
"""Interleaved A/B runs of `tessera run` variants: evaluations per second, medians.

Each repetition runs every variant once, in order, so a slow spell of a shared machine
hits them all alike. A variant is LABEL=ARGS, the arguments after `tessera run`; LABEL@BINARY=ARGS runs another
binary (an earlier build, for a before/after in one session).

    python3 Scripts/bench_variants.py --repeats 7 \\
        "lanes w1=sphere --workers 1" "serial w1=sphere --workers 1 --sampler serial"

Common arguments (--evaluations, --seed, --no-report, --json, --quiet, a scratch
--output) are added to every variant.
"""
import argparse
import json
import shlex
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("variants", nargs="+", help="LABEL=ARGS (arguments of `tessera run`)")
    parser.add_argument("--repeats", type=int, default=5, help="repetitions (default 5)")
    parser.add_argument("--evaluations", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--binary", default=".build/release/tessera")
    parser.add_argument("--json-out", help="write every run's summary here (JSON lines)")
    args = parser.parse_args()
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    variants = []
    for text in args.variants:
        label, sep, rest = text.partition("=")
        label, _, binary = label.partition("@")
        if not sep or not label.strip() or not rest.strip():
            parser.error(f"a variant is LABEL=ARGS or LABEL@BINARY=ARGS, got {text!r}")
        binary = binary.strip() or args.binary
        if not Path(binary).exists():
            parser.error(f"{binary} does not exist: build it with `swift build -c release --product tessera`")
        variants.append((label.strip(), binary, shlex.split(rest)))
    scratch = Path(tempfile.mkdtemp(prefix="tessera-variants-"))
    rates = {label: [] for label, _, _ in variants}
    records = []
    for repeat in range(args.repeats):
        for index, (label, binary, extra) in enumerate(variants):
            output = scratch / f"v{index}.sqlite"
            command = [binary, "run", *extra, "--evaluations", str(args.evaluations), "--seed", str(args.seed),
                       "--no-report", "--json", "--quiet", "--output", str(output), "--overwrite"]
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode != 0:
                print(f"{label}: exit {done.returncode}: {done.stderr.strip()}", file=sys.stderr)
                return 1
            summary = json.loads(done.stdout[done.stdout.index("{"): done.stdout.rindex("}") + 1])
            rates[label].append(summary["evals_per_second"])
            records.append({"label": label, "repeat": repeat, **summary})
    width = max(len(label) for label, _, _ in variants)
    first = statistics.median(rates[variants[0][0]])
    print(f"{'variant':{width}s}  {'median evals/s':>14s}  {'min':>12s}  {'max':>12s}  {'vs first':>8s}  qd_score")
    for label, _, _ in variants:
        values = rates[label]
        median = statistics.median(values)
        qd = {r["qd_score"] for r in records if r["label"] == label}
        print(f"{label:{width}s}  {median:>14,.0f}  {min(values):>12,.0f}  {max(values):>12,.0f}  {median / first:>7.2f}x  "
              + ", ".join(f"{q:.6f}" for q in sorted(qd)))
    if args.json_out:
        with open(args.json_out, "w") as handle:
            for record in records:
                handle.write(json.dumps(record) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
