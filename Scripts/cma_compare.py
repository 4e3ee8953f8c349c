#!/usr/bin/env python3
"""Side-by-side benchmark: Tessera's CMA-ES (`tessera bench cma --json`) against pycma
(the peer script pycma_bench.py, `cma.fmin2` without restarts) on the same functions,
dimensions, seeds and settings.

For each function and each dimension it runs Tessera, then pycma, with the same seeds,
interleaved, so that both see the same machine noise. It prints a Markdown report: the
exact command, the CPU model, and a table per function and dimension with the median
evaluations to f < ftarget of both and their ratio (Tessera / pycma; the target is at
most 1.2), the success counts, and the median overhead per evaluation, (wall - time in
the objective) / evaluations, of both and their ratio (pycma / Tessera; the target is at
least 20). pycma's evaluation total is its own counter (`pycma_evaluations`, which
includes fmin2's final evaluation of the mean).

It then runs the other strategies of `--es-extra` (sep, lm-ma) on `--extra-functions`
without a peer.

Python 3 standard library only; the peer script is called where it lives and never
copied.

Usage (from the repository root, after `swift build -c release`):
    python3 Scripts/cma_compare.py                       # 10 and 40-D, seeds 1-10
    python3 Scripts/cma_compare.py --dims 10 --seeds 1-3 --es-extra
"""
import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys

FUNCTIONS = ("sphere", "ellipsoid", "rosenbrock")


def run_lines(command):
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit("failed (%d): %s\n%s" % (done.returncode, " ".join(command), done.stderr))
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip().startswith("{")]


def median(values):
    return statistics.median(values) if values else float("nan")


def successes(rows):
    return [r["evaluations"] for r in rows if r["reached"]]


def tessera_overhead(r):
    return r["overhead_ns_per_evaluation"]


def pycma_overhead(r):
    total = r.get("pycma_evaluations") or r["evaluations"]
    return (r["wall_seconds"] - r["objective_seconds"]) / max(total, 1) * 1e9


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def fmt(value, spec="%.0f"):
    return "-" if value != value else spec % value


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--binary", default=os.path.join(root, ".build", "release", "tessera"))
    p.add_argument("--peer", default=os.path.join(os.path.dirname(root), "shared", "peers", "pycma_bench.py"))
    p.add_argument("--functions", nargs="+", default=list(FUNCTIONS), choices=FUNCTIONS)
    p.add_argument("--dims", nargs="+", type=int, default=[10, 40])
    p.add_argument("--seeds", default="1-10")
    p.add_argument("--es-extra", nargs="*", default=["sep", "lm-ma"], choices=["sep", "lm-ma"],
                   help="other Tessera strategies to run without a peer (none with an empty list)")
    p.add_argument("--extra-functions", nargs="+", default=["sphere", "ellipsoid"], choices=FUNCTIONS)
    p.add_argument("--maxfevals", default="1e6")
    p.add_argument("--json-out", help="write every run's JSON line here (with an 'engine' field)")
    a = p.parse_args()
    if not os.path.exists(a.peer):
        sys.exit("no peer script at %s (give --peer)" % a.peer)
    if not os.path.exists(a.binary):
        sys.exit("no tessera binary at %s (swift build -c release, or give --binary)" % a.binary)

    print("Command: `%s`" % " ".join(shlex.quote(x) for x in [sys.executable] + sys.argv))
    print("CPU: %s; load average %.2f at the start" % (cpu_model(), os.getloadavg()[0]))
    print()
    common = ["--seeds", a.seeds, "--maxfevals", a.maxfevals]
    everything = []
    rows = []
    for fn in a.functions:
        for n in a.dims:
            ours = run_lines([a.binary, "bench", "cma", "--function", fn, "--dims", str(n), "--json"] + common)
            theirs = run_lines([sys.executable, a.peer, "--function", fn, "--dims", str(n)] + common)
            everything += [dict(r, engine="tessera") for r in ours] + [dict(r, engine="pycma") for r in theirs]
            ok_t, ok_p = successes(ours), successes(theirs)
            med_t, med_p = median(ok_t), median(ok_p)
            over_t = median([tessera_overhead(r) for r in ours])
            over_p = median([pycma_overhead(r) for r in theirs])
            rows.append((fn, n, ours[0]["popsize"], med_t, med_p, len(ok_t), len(ours), len(ok_p), len(theirs), over_t, over_p))
            print("done %s %d" % (fn, n), file=sys.stderr)

    print("| function | n | λ | median evals Tessera | median evals pycma | ratio T/P (≤ 1.2) | success T | success P "
          "| overhead ns/eval Tessera | overhead ns/eval pycma | ratio P/T (≥ 20) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for fn, n, lam, med_t, med_p, st, nt, sp, np_, over_t, over_p in rows:
        print("| %s | %d | %d | %s | %s | %s | %d/%d | %d/%d | %s | %s | %s |" % (
            fn, n, lam, fmt(med_t, "%g"), fmt(med_p, "%g"), fmt(med_t / med_p, "%.3f"), st, nt, sp, np_,
            fmt(over_t), fmt(over_p), fmt(over_p / over_t, "%.1f")))

    if a.es_extra:
        print()
        print("| strategy | function | n | λ | success | median evals | median evals full CMA (Tessera, above) | median overhead ns/eval |")
        print("|---|---|---:|---:|---:|---:|---:|---:|")
        reference = {(r[0], r[1]): r[3] for r in rows}
        for es in a.es_extra:
            for fn in a.extra_functions:
                for n in a.dims:
                    ours = run_lines([a.binary, "bench", "cma", "--es", es, "--function", fn, "--dims", str(n), "--json"] + common)
                    everything += [dict(r, engine="tessera-" + es) for r in ours]
                    ok = successes(ours)
                    print("| %s | %s | %d | %d | %d/%d | %s | %s | %s |" % (
                        es, fn, n, ours[0]["popsize"], len(ok), len(ours), fmt(median(ok), "%g"),
                        fmt(reference.get((fn, n), float("nan")), "%g"), fmt(median([tessera_overhead(r) for r in ours]))))
                    print("done %s %s %d" % (es, fn, n), file=sys.stderr)
    if a.json_out:
        with open(a.json_out, "w") as out:
            for r in everything:
                out.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
