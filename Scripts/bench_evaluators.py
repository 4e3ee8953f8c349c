#!/usr/bin/env python3
"""Benchmarks of evaluators outside the process (issue 11), for Docs/Benchmarks.md.

1. Protocol overhead per evaluation: the cheapest worker (Examples/PythonEvaluator/trivial.py)
   driven by `tessera run --evaluator` over pipes (one worker process) and over HTTP (the
   helper's HTTP mode, one request in flight), beside a plain Python loop calling the same
   function (`trivial.py --plain N`). Overhead = time per evaluation minus the plain call.
2. Throughput on a 10 ms evaluator (Examples/PythonEvaluator/maze_like.py): 1, 2 and 4
   worker processes, and a Dask LocalCluster of 2 workers (`--dask local`, one row per task
   and eight, `TESSERA_DASK_CHUNK=8`), with the
   scaling efficiency against the ideal (the one-process rate times the processes that
   can run at once: min(W, cores)).

Runs are interleaved (every configuration once per repeat) and the medians reported with
their range, since the machines are shared. Prints a Markdown report.

    python3 Scripts/bench_evaluators.py                       # builds nothing; needs .build/release/tessera
    python3 Scripts/bench_evaluators.py --repeats 5 --tessera .build/release/tessera
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "Examples" / "PythonEvaluator"


sys.path.insert(0, str(Path(__file__).resolve().parent))
from cma_compare import cpu_model  # noqa: E402


def run_tessera(binary, arguments, folder, env=None, timeout=1800):
    """Runs `tessera run … --json` and returns its summary."""
    output = Path(folder) / f"run-{time.time_ns()}.sqlite"
    command = [binary, "run", *arguments, "--json", "--quiet", "--no-report", "--output", str(output)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=folder,
                          env={**os.environ, **(env or {})})
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()}")
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    if summary.get("failed_evaluations"):
        raise RuntimeError(f"{summary['failed_evaluations']} evaluations failed: {summary.get('failures_by_kind')}")
    return summary


def plain_seconds(evaluations):
    done = subprocess.run([sys.executable, str(EXAMPLES / "trivial.py"), "--plain", str(evaluations)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])["plain_seconds_per_eval"]


class HTTPService:
    """The trivial worker in the helper's HTTP mode, on a free loopback port."""

    def __init__(self, script, extra=()):
        self.process = subprocess.Popen([sys.executable, str(script), *extra], stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True,
                                        env={**os.environ, "TESSERA_HTTP": "127.0.0.1:0"})
        line = self.process.stdout.readline().strip()
        if not line.startswith("listening on "):
            self.process.kill()
            raise RuntimeError(f"the HTTP worker did not start: {line!r}")
        self.url = line[len("listening on "):]

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def summarise(values):
    return statistics.median(values), min(values), max(values)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tessera", default=str(ROOT / ".build" / "release" / "tessera"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--trivial-evaluations", type=int, default=54_000)
    parser.add_argument("--maze-evaluations", type=int, default=1_080)
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--json-out", default=None, help="write every measurement here (JSON)")
    args = parser.parse_args()
    if not os.access(args.tessera, os.X_OK):
        sys.exit(f"no tessera binary at {args.tessera}: build it with `swift build -c release`")
    if args.repeats < 1 or args.trivial_evaluations < 540 or args.maze_evaluations < 540:
        sys.exit("--repeats must be at least 1 and the evaluation counts at least 540")

    cores = os.cpu_count() or 1
    trivial = f"{sys.executable} '{EXAMPLES / 'trivial.py'}'"
    maze = f"{sys.executable} '{EXAMPLES / 'maze_like.py'}'"
    n, m = args.trivial_evaluations, args.maze_evaluations
    samples = {}

    def record(key, value):
        samples.setdefault(key, []).append(value)

    with tempfile.TemporaryDirectory(prefix="tessera-bench-evaluators-") as folder:
        for repeat in range(args.repeats):
            print(f"repeat {repeat + 1} of {args.repeats}", file=sys.stderr)
            record("plain", plain_seconds(n))
            summary = run_tessera(args.tessera, ["--evaluator", trivial, "--workers", "1", "--evaluations", str(n),
                                                 "--seed", str(repeat)], folder)
            record("pipes", summary["loop_seconds"] / summary["evaluations"])
            service = HTTPService(EXAMPLES / "trivial.py")
            try:
                summary = run_tessera(args.tessera, ["--evaluator", service.url, "--in-flight", "1", "--evaluations", str(n),
                                                     "--seed", str(repeat)], folder)
                record("http", summary["loop_seconds"] / summary["evaluations"])
            finally:
                service.stop()
            for workers in (1, 2, 4):
                summary = run_tessera(args.tessera, ["--evaluator", maze, "--workers", str(workers), "--evaluations", str(m),
                                                     "--seed", str(repeat)], folder)
                record(f"maze-{workers}", summary["evals_per_second"])
            if not args.skip_dask:
                summary = run_tessera(args.tessera, ["--evaluator", maze, "--dask", "local", "--evaluations", str(m),
                                                     "--seed", str(repeat)], folder, env={"TESSERA_DASK_WORKERS": "2"})
                record("maze-dask", summary["evals_per_second"])
                summary = run_tessera(args.tessera, ["--evaluator", maze, "--dask", "local", "--evaluations", str(m),
                                                     "--seed", str(repeat)], folder,
                                      env={"TESSERA_DASK_WORKERS": "2", "TESSERA_DASK_CHUNK": "8"})
                record("maze-dask-8", summary["evals_per_second"])

    plain = summarise(samples["plain"])
    print(f"## Evaluators outside the process\n\nCPU: {cpu_model()}, {cores} cores; Python {platform.python_version()}; "
          f"{args.repeats} interleaved repeats, medians (min–max).\n")
    print(f"### Protocol overhead per evaluation (trivial.py, {n:,} evaluations)\n")
    print("| path | µs per evaluation | overhead over the plain call, µs |\n|---|---|---|")
    print(f"| plain Python loop | {plain[0] * 1e6:.2f} ({plain[1] * 1e6:.2f}–{plain[2] * 1e6:.2f}) | — |")
    for key, label in (("pipes", "pipes, 1 worker process"), ("http", "HTTP, 1 request in flight")):
        med, low, high = summarise(samples[key])
        print(f"| {label} | {med * 1e6:.2f} ({low * 1e6:.2f}–{high * 1e6:.2f}) | {(med - plain[0]) * 1e6:.2f} |")
    print(f"\n### Throughput on the 10 ms evaluator (maze_like.py, {m:,} evaluations)\n")
    print("| evaluator | evaluations/s | speed-up over 1 process | efficiency against min(W, cores) x 1 process |\n|---|---|---|---|")
    one = summarise(samples["maze-1"])[0]
    keys = [("maze-1", "1 worker process", 1), ("maze-2", "2 worker processes", 2), ("maze-4", "4 worker processes", 4)]
    if not args.skip_dask:
        keys.append(("maze-dask", "Dask LocalCluster, 2 workers, 1 row per task", 2))
        keys.append(("maze-dask-8", "Dask LocalCluster, 2 workers, 8 rows per task (`TESSERA_DASK_CHUNK=8`)", 2))
    for key, label, workers in keys:
        med, low, high = summarise(samples[key])
        ideal = min(workers, cores) * one
        print(f"| {label} | {med:.1f} ({low:.1f}–{high:.1f}) | {med / one:.2f}x | {med / ideal * 100:.0f}% |")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps({"cpu": cpu_model(), "cores": cores, "samples": samples}, indent=1))


if __name__ == "__main__":
    main()
