#!/usr/bin/env python3
"""Side-by-side benchmark: Tessera vs pyribs (PyPI ``ribs``) on the same QD configurations.

Runs a named suite of configurations. For each configuration and each seed
0..N-1 it runs Tessera (once per worker count in --workers-list) and then the
pyribs peer script with the same seed, interleaved, so that both engines see the
same machine noise. It prints a Markdown report: a header with machine facts and
the exact command line, then one table per configuration (median evals/s and
the tessera/pyribs ratio, mean QD score and coverage with the relative
difference, median setup time, CVT construction ratio and inertia, peak RSS).

Python 3 standard library only. The peer script is called where it lives
(default ``../shared/peers/pyribs_bench.py`` relative to the repository root);
it is never copied.

Usage (from the repository root):
    python3 Scripts/bench.py --suite quick                     # smoke test
    python3 Scripts/bench.py --suite issue2 \\
        --json-out /tmp/bench-issue2.jsonl --markdown-out /tmp/bench-issue2.md

Suites:
    quick   tiny budgets (20k evaluations, small CVT), 2 seeds by default.
    issue2  (a) sphere D=100 map-elites 1M, workers 1 and 2 vs pyribs;
            (b) sphere line-map-elites 1M; (c) sphere cvt-map-elites 1M
            (pyribs CVT on --cvt-peer-seeds seeds, default 1, since its k-means
            takes ~20-55 s; plus CVT construction ratio and inertia);
            (d) arm 12 joints map-elites 1M; (e) peak RSS of the sphere
            map-elites runs against a 100 MB target. 3 seeds by default.
    cma     (a) sphere D=100 cma-me 1M, (b) cma-mae 1M, workers 1 and 2 vs
            pyribs; (c) arm cma-mae 1M and (d) arm map-elites 1M. 3 seeds.
    cma-full  pyribs' whole sphere budget, 5.4M evaluations: cma-mae,
            line-map-elites, cma-me-imp, map-elites, cma-me; Tessera alone on
            2 workers (the peer's figures are its published table). 3 seeds.

Peak RSS is read from GNU ``/usr/bin/time -v`` ("Maximum resident set size")
when present (Debian package ``time``), otherwise from ``os.wait4`` on the
child process (its own ru_maxrss, exact per process).

Before running, the Tessera binary is copied to a private temporary directory
(disable with --no-snapshot) so that a concurrent ``swift build`` in the work
tree cannot swap the binary in the middle of the suite.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import math
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine_info import cpu_model

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PEER = "../shared/peers/pyribs_bench.py"
DEFAULT_TESSERA = ".build/release/tessera"
PEER_CVT_SCRIPT = "Scripts/peer_cvt.py"
QD_WARN_PERCENT = 3.0

# --------------------------------------------------------------------------- #
# Suites
# --------------------------------------------------------------------------- #
# Each configuration: id, title, task, algorithm, evaluations, optional
# "cells"/"cvt_samples" (passed to both engines), "cvt": True for CVT extras,
# "memory": True to include the run in the peak-memory check (e).
SUITES = {
    "quick": {
        "seeds": 2,
        "workers": [1, 2],
        "configs": [
            {"id": "a", "title": "sphere D=100, map-elites", "task": "sphere",
             "algorithm": "map-elites", "evaluations": 20_000, "memory": True},
            {"id": "b", "title": "sphere D=100, line-map-elites", "task": "sphere",
             "algorithm": "line-map-elites", "evaluations": 20_000},
            {"id": "c", "title": "sphere D=100, cvt-map-elites (1,000 centroids, 10,000 samples)",
             "task": "sphere", "algorithm": "cvt-map-elites", "evaluations": 20_000,
             "cells": 1_000, "cvt_samples": 10_000, "cvt": True},
            {"id": "d", "title": "arm 12 joints, map-elites", "task": "arm",
             "algorithm": "map-elites", "evaluations": 20_000},
        ],
    },
    "issue2": {
        "seeds": 3,
        "workers": [1, 2],
        "configs": [
            {"id": "a", "title": "sphere D=100, map-elites", "task": "sphere",
             "algorithm": "map-elites", "evaluations": 1_000_000, "memory": True},
            {"id": "b", "title": "sphere D=100, line-map-elites", "task": "sphere",
             "algorithm": "line-map-elites", "evaluations": 1_000_000},
            {"id": "c", "title": "sphere D=100, cvt-map-elites (10,000 centroids, 100,000 samples)",
             "task": "sphere", "algorithm": "cvt-map-elites", "evaluations": 1_000_000,
             "cvt": True},
            {"id": "d", "title": "arm 12 joints, map-elites", "task": "arm",
             "algorithm": "map-elites", "evaluations": 1_000_000},
        ],
    },
    # Issue 10: the CMA family side by side with pyribs at 1M evaluations, and arm
    # cma-mae against map-elites.
    "cma": {
        "seeds": 3,
        "workers": [1, 2],
        "configs": [
            {"id": "a", "title": "sphere D=100, cma-me (2imp, mu, basic; 15 x 36)", "task": "sphere",
             "algorithm": "cma-me", "evaluations": 1_000_000},
            {"id": "b", "title": "sphere D=100, cma-mae (alpha 0.01, imp, mu, basic; 15 x 36)", "task": "sphere",
             "algorithm": "cma-mae", "evaluations": 1_000_000},
            {"id": "c", "title": "arm 12 joints, cma-mae", "task": "arm",
             "algorithm": "cma-mae", "evaluations": 1_000_000},
            {"id": "d", "title": "arm 12 joints, map-elites", "task": "arm",
             "algorithm": "map-elites", "evaluations": 1_000_000},
        ],
    },
    # Issue 10: pyribs' whole sphere budget (5.4M evaluations), Tessera alone: the
    # figures compare with pyribs' published table (../shared/PAPERS.md).
    "cma-full": {
        "seeds": 3,
        "workers": [2],
        "configs": [
            {"id": s, "title": f"sphere D=100, {a}", "task": "sphere", "algorithm": a,
             "evaluations": 5_400_000, "peer": False}
            for s, a in zip("abcde", ["cma-mae", "line-map-elites", "cma-me-imp", "map-elites", "cma-me"])
        ],
    },
}
DEFAULT_DIMS = {"sphere": 100, "rastrigin": 100, "arm": 12}


def measure_bound(task: str, dims: int) -> float:
    """Half-width of the (square) measure box, as in the peer script."""
    if task in ("sphere", "rastrigin"):
        return dims / 2 * 5.12
    return float(dims)  # arm: sum of unit link lengths


# --------------------------------------------------------------------------- #
# Small helpers
# --------------------------------------------------------------------------- #
def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def loadavg() -> tuple[float, float, float] | None:
    try:
        return os.getloadavg()
    except OSError:
        return None


def fmt_load(la) -> str:
    return "n/a" if la is None else " / ".join(f"{x:.2f}" for x in la)


def mem_total_gib() -> str:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError):
        pass
    return "unknown"


def nproc() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover
        return os.cpu_count() or 0


def capture(cmd, cwd=None, timeout=60) -> str | None:
    try:
        out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                             timeout=timeout)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return out.stdout.strip()


def busy_builders() -> list[str]:
    """Names of compiler/build processes running right now (noise indicator)."""
    names = ("swift-build", "swift-frontend", "swift-driver", "swiftc", "clang", "ld.gold", "ld.lld")
    found = []
    try:
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/comm") as f:
                    comm = f.read().strip()
            except OSError:
                continue
            if comm in names:
                found.append(comm)
    except OSError:
        pass
    return sorted(set(found))


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def median(xs):
    return statistics.median(xs) if xs else None


def mean(xs):
    return statistics.fmean(xs) if xs else None


def fnum(v, digits=3) -> str:
    if v is None:
        return "—"
    if isinstance(v, float) and (math.isnan(v) or math.isinf(v)):
        return str(v)
    av = abs(v)
    if av >= 1e5:
        return f"{v:,.0f}"
    if av >= 100:
        return f"{v:,.1f}"
    if av >= 1:
        return f"{v:.{digits}g}" if av < 10 else f"{v:.2f}"
    if av == 0:
        return "0"
    return f"{v:.{digits}g}"


def fratio(v) -> str:
    return "—" if v is None else f"{v:.2f}×"


def fpct(v) -> str:
    if v is None:
        return "—"
    s = f"{v:+.2f}%"
    return s + " ⚠" if abs(v) > QD_WARN_PERCENT else s


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def rel_pct(a, b):
    if a is None or b is None or b == 0:
        return None
    return (a - b) / abs(b) * 100.0


# --------------------------------------------------------------------------- #
# Running one process
# --------------------------------------------------------------------------- #
TIME_BIN = "/usr/bin/time"


def gnu_time_available() -> bool:
    if not os.access(TIME_BIN, os.X_OK):
        return False
    try:
        out = subprocess.run([TIME_BIN, "-v", "true"], capture_output=True, text=True,
                             timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return "Maximum resident set size" in out.stderr


def run_process(cmd, timeout: float, cwd: Path, use_gnu_time: bool, env=None) -> dict:
    """Runs cmd; returns status, stdout, stderr, elapsed, peak RSS (MB)."""
    tmpdir = tempfile.mkdtemp(prefix="tessera-bench-")
    out_path = os.path.join(tmpdir, "stdout")
    err_path = os.path.join(tmpdir, "stderr")
    time_path = os.path.join(tmpdir, "time")
    full_cmd = list(cmd)
    if use_gnu_time:
        full_cmd = [TIME_BIN, "-v", "-o", time_path] + full_cmd
    rec = {"status": "ok", "returncode": None, "elapsed_seconds": None,
           "peak_rss_mb": None, "rss_method": "gnu-time" if use_gnu_time else "wait4"}
    t0 = time.perf_counter()
    try:
        with open(out_path, "wb") as fo, open(err_path, "wb") as fe:
            proc = subprocess.Popen(full_cmd, cwd=str(cwd), stdout=fo, stderr=fe,
                                    stdin=subprocess.DEVNULL, start_new_session=True,
                                    env=env)
    except OSError as e:
        shutil.rmtree(tmpdir, ignore_errors=True)
        rec.update(status=f"could not start: {e}", stdout="", stderr="")
        return rec
    deadline = t0 + timeout
    status = None
    rusage = None
    while True:
        try:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
        except ChildProcessError:
            status = 0
            break
        if pid != 0:
            break
        if time.perf_counter() > deadline:
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # the process group we started
            except ProcessLookupError:
                pass
            pid, status, rusage = os.wait4(proc.pid, 0)
            rec["status"] = f"timeout after {timeout:g} s"
            break
        time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status) if status is not None else None
    rec["elapsed_seconds"] = time.perf_counter() - t0
    rec["returncode"] = proc.returncode
    with open(out_path, "rb") as f:
        rec["stdout"] = f.read().decode("utf-8", "replace")
    with open(err_path, "rb") as f:
        rec["stderr"] = f.read().decode("utf-8", "replace")
    if use_gnu_time:
        try:
            with open(time_path) as f:
                ttxt = f.read()
            m = re.search(r"Maximum resident set size \(kbytes\):\s*(\d+)", ttxt)
            if m:
                rec["peak_rss_mb"] = int(m.group(1)) / 1024.0
            # GNU time prints "Command exited with non-zero status N" / signals.
        except OSError:
            pass
    elif rusage is not None:
        rec["peak_rss_mb"] = rusage.ru_maxrss / 1024.0  # Linux: kilobytes
    if rec["status"] == "ok" and proc.returncode != 0:
        rec["status"] = f"exit {proc.returncode}"
    shutil.rmtree(tmpdir, ignore_errors=True)
    return rec


def parse_last_json(stdout: str):
    for line in reversed(stdout.strip().splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                return None
    return None


# --------------------------------------------------------------------------- #
# Engines
# --------------------------------------------------------------------------- #
def tessera_cmd(binary: str, cfg: dict, seed: int, workers: int) -> list[str]:
    cmd = [binary, "run", cfg["task"], "--algorithm", cfg["algorithm"],
           "--evaluations", str(cfg["evaluations"]), "--seed", str(seed),
           "--workers", str(workers)]
    if "cells" in cfg:
        cmd += ["--cells", str(cfg["cells"])]
    if "cvt_samples" in cfg:
        cmd += ["--cvt-samples", str(cfg["cvt_samples"])]
    # Each run writes its archive file (as users' runs do: the final checkpoint counts in
    # wall_seconds) to a scratch folder, without the HTML report.
    output = Path(tempfile.gettempdir()) / "tessera-bench" / f"{cfg['task']}-{cfg['algorithm']}-{seed}-w{workers}.sqlite"
    output.parent.mkdir(parents=True, exist_ok=True)
    return cmd + ["--output", str(output), "--overwrite", "--no-report", "--json", "--quiet"]


def peer_cmd(python: str, peer: str, cfg: dict, seed: int) -> list[str]:
    cmd = [python, peer, "--task", cfg["task"], "--algorithm", cfg["algorithm"],
           "--evaluations", str(cfg["evaluations"]), "--seed", str(seed),
           "--threads", "1"]
    if "cells" in cfg:
        cmd += ["--cells", str(cfg["cells"])]
    if "cvt_samples" in cfg:
        cmd += ["--cvt-samples", str(cfg["cvt_samples"])]
    return cmd


def peer_cvt_cmd(python: str, script: str, cfg: dict, seed: int) -> list[str]:
    dims = DEFAULT_DIMS[cfg["task"]]
    b = measure_bound(cfg["task"], dims)
    return [python, script, "--centroids", str(cfg.get("cells", 10_000)),
            "--samples", str(cfg.get("cvt_samples", 100_000)), "--dimension", "2",
            "--lower", repr(-b), "--upper", repr(b), "--seed", str(seed)]


class Runner:
    def __init__(self, args, tessera_bin, use_gnu_time, json_out):
        self.args = args
        self.tessera_bin = tessera_bin
        self.use_gnu_time = use_gnu_time
        self.json_out = json_out
        self.records = []

    def run(self, engine: str, cfg: dict, seed: int, workers, cmd) -> dict:
        la = loadavg()
        builders_before = busy_builders()
        label = f"{engine}" + (f" w={workers}" if workers else "")
        log(f"  [{cfg['id']}] seed {seed} {label:<14} ... ")
        env = None
        if engine.startswith("pyribs"):
            env = dict(os.environ)
            env.setdefault("PYTHONHASHSEED", "0")
        r = run_process(cmd, self.args.timeout, REPO_ROOT, self.use_gnu_time, env=env)
        builders_after = busy_builders()
        result = parse_last_json(r["stdout"]) if r["status"] == "ok" else None
        if r["status"] == "ok" and result is None:
            r["status"] = "no JSON on stdout"
        if result is not None and engine == "tessera" and result.get("completed") is False:
            r["status"] = "run not completed"
        bench = {
            "engine": engine, "config": cfg["id"], "title": cfg["title"],
            "task": cfg["task"], "algorithm": cfg["algorithm"],
            "requested_evaluations": cfg["evaluations"], "seed": seed,
            "workers": workers, "command": shlex.join(cmd), "status": r["status"],
            "returncode": r["returncode"], "elapsed_seconds": r["elapsed_seconds"],
            "peak_rss_mb": r["peak_rss_mb"], "rss_method": r["rss_method"],
            "loadavg_before": la, "loadavg_after": loadavg(),
            "builders_running": sorted(set(builders_before) | set(builders_after)),
        }
        if r["status"] != "ok":
            bench["stderr_tail"] = r.get("stderr", "")[-2000:]
            bench["stdout_tail"] = r.get("stdout", "")[-2000:]
        rec = {"_bench": bench, "result": result}
        self.records.append(rec)
        if self.json_out is not None:
            self.json_out.write(json.dumps(rec) + "\n")
            self.json_out.flush()
        if r["status"] == "ok":
            extra = ""
            if result and "evals_per_second" in result:
                extra = (f"{result['evals_per_second']:,.0f} evals/s, "
                         f"qd {result.get('qd_score', float('nan')):,.0f}, ")
            if result and "inertia" in result:
                extra = f"inertia {result['inertia']:,.0f}, {result.get('seconds', 0):.1f} s, "
            rss = r["peak_rss_mb"]
            log(f"      ok: {extra}{r['elapsed_seconds']:.1f} s"
                + (f", peak RSS {rss:.1f} MB" if rss is not None else "")
                + (f", load {la[0]:.2f}" if la else "")
                + (f", builders: {','.join(bench['builders_running'])}"
                   if bench["builders_running"] else ""))
        else:
            log(f"      FAILED: {r['status']}; stderr: {r.get('stderr', '')[-300:].strip()}")
        return rec


# --------------------------------------------------------------------------- #
# Report
# --------------------------------------------------------------------------- #
def ok_results(recs):
    return [r for r in recs if r["_bench"]["status"] == "ok" and r["result"] is not None]


def field(recs, name):
    out = []
    for r in ok_results(recs):
        v = r["result"].get(name)
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            out.append(float(v))
    return out


def rss_list(recs):
    return [r["_bench"]["peak_rss_mb"] for r in ok_results(recs)
            if r["_bench"]["peak_rss_mb"] is not None]


def cvt_inertias(recs):
    out = []
    for r in ok_results(recs):
        a = r["result"].get("archive") or {}
        if isinstance(a.get("cvt_inertia"), (int, float)):
            out.append(float(a["cvt_inertia"]))
    return out


def cvt_iterations(recs):
    out = []
    for r in ok_results(recs):
        a = r["result"].get("archive") or {}
        if isinstance(a.get("cvt_iterations"), (int, float)):
            out.append(float(a["cvt_iterations"]))
    return out


def status_cell(recs) -> str:
    n = len(recs)
    ok = len(ok_results(recs))
    if n == 0:
        return "—"
    s = f"{ok}/{n}"
    bad = [r["_bench"]["status"] for r in recs if r["_bench"]["status"] != "ok"]
    if bad:
        s += " (" + "; ".join(sorted(set(bad))) + ")"
    return s


def render_config(cfg: dict, tess: dict, peer: list, peer_cvt: list, workers_list,
                  seeds: int, mem_target: float) -> tuple[str, list[str]]:
    """Returns (markdown, caveats)."""
    caveats = []
    lines = []
    ev = cfg["evaluations"]
    lines.append(f"### ({cfg['id']}) {cfg['title']} — {ev:,} evaluations")
    lines.append("")
    cols = [f"tessera w={w}" for w in workers_list] + ["pyribs"]
    groups = [tess[w] for w in workers_list] + [peer]
    lines.append("| metric | " + " | ".join(cols) + " |")
    lines.append("|---|" + "---:|" * len(cols))

    def row(name, values):
        lines.append(f"| {name} | " + " | ".join(values) + " |")

    row("runs ok", [status_cell(g) for g in groups])
    row("seeds", [",".join(str(r["_bench"]["seed"]) for r in ok_results(g)) or "—"
                  for g in groups])
    evals = [sorted(set(int(x) for x in field(g, "evaluations"))) for g in groups]
    row("evaluations performed", [",".join(f"{e:,}" for e in es) or "—" for es in evals])
    flat = {e for es in evals for e in es}
    if len(flat) > 1:
        caveats.append(f"({cfg['id']}) engines performed different evaluation counts: "
                       + ", ".join(f"{e:,}" for e in sorted(flat)))
    med_eps = [median(field(g, "evals_per_second")) for g in groups]
    row("**median evals/s**", [f"**{fnum(v)}**" for v in med_eps])
    row("evals/s per seed", [" · ".join(fnum(v) for v in field(g, "evals_per_second")) or "—"
                             for g in groups])
    row("median wall s", [fnum(median(field(g, "wall_seconds"))) for g in groups])
    qd = [mean(field(g, "qd_score")) for g in groups]
    cov = [mean(field(g, "coverage")) for g in groups]
    row("mean QD score", [fnum(v) for v in qd])
    row("mean coverage", [("—" if v is None else f"{v:.4f}") for v in cov])
    row("mean obj_max", [fnum(mean(field(g, "obj_max")), 5) for g in groups])
    row("median setup s", [fnum(median(field(g, "setup_seconds"))) for g in groups])
    rss = [rss_list(g) for g in groups]
    row("peak RSS MB (median / max)",
        [("—" if not x else f"{median(x):.1f} / {max(x):.1f}") for x in rss])
    if cfg.get("cvt"):
        iners = [cvt_inertias(g) for g in groups[:-1]]
        pin = [float(r["result"]["inertia"]) for r in ok_results(peer_cvt)
               if isinstance(r["result"].get("inertia"), (int, float))]
        row("CVT inertia (mean)", [fnum(mean(x)) for x in iners] + [fnum(mean(pin))])
        its = [cvt_iterations(g) for g in groups[:-1]]
        pits = [float(r["result"]["iterations"]) for r in ok_results(peer_cvt)
                if isinstance(r["result"].get("iterations"), (int, float))]
        row("CVT k-means iterations (mean)", [fnum(mean(x)) for x in its] + [fnum(mean(pits))])
    lines.append("")

    # Comparison table: each Tessera worker count against pyribs.
    p_eps = med_eps[-1]
    p_qd, p_cov = qd[-1], cov[-1]
    p_setup = median(field(peer, "setup_seconds"))
    lines.append("| tessera vs pyribs | " + " | ".join(f"w={w}" for w in workers_list) + " |")
    lines.append("|---|" + "---:|" * len(workers_list))
    cmp_rows = {"throughput ratio (median evals/s, tessera / pyribs)": [],
                "QD score difference (mean, tessera vs pyribs)": [],
                "coverage difference (mean, tessera vs pyribs)": [],
                "setup time ratio (median, pyribs / tessera)": []}
    cvt_rows = {}
    if cfg.get("cvt"):
        cvt_rows = {"CVT construction speed-up (pyribs setup / tessera setup)": [],
                    "CVT inertia difference (tessera vs pyribs k-means)": []}
    pin_mean = None
    if cfg.get("cvt"):
        pin = [float(r["result"]["inertia"]) for r in ok_results(peer_cvt)
               if isinstance(r["result"].get("inertia"), (int, float))]
        pin_mean = mean(pin)
    for i, w in enumerate(workers_list):
        g = groups[i]
        r_eps = ratio(med_eps[i], p_eps)
        d_qd = rel_pct(qd[i], p_qd)
        d_cov = rel_pct(cov[i], p_cov)
        t_setup = median(field(g, "setup_seconds"))
        cmp_rows["throughput ratio (median evals/s, tessera / pyribs)"].append(fratio(r_eps))
        cmp_rows["QD score difference (mean, tessera vs pyribs)"].append(fpct(d_qd))
        cmp_rows["coverage difference (mean, tessera vs pyribs)"].append(fpct(d_cov))
        s_ratio = ratio(p_setup, t_setup)
        if cfg.get("cvt"):
            cvt_rows["CVT construction speed-up (pyribs setup / tessera setup)"].append(
                fratio(s_ratio))
            d_in = rel_pct(mean(cvt_inertias(g)), pin_mean)
            cvt_rows["CVT inertia difference (tessera vs pyribs k-means)"].append(
                "—" if d_in is None else f"{d_in:+.2f}%")
            cmp_rows.pop("setup time ratio (median, pyribs / tessera)", None)
        else:
            cmp_rows["setup time ratio (median, pyribs / tessera)"].append(
                "—" if s_ratio is None else f"{s_ratio:.2f}×")
        for name, d in (("QD score", d_qd), ("coverage", d_cov)):
            if d is not None and abs(d) > QD_WARN_PERCENT:
                caveats.append(f"({cfg['id']}) tessera w={w} mean {name} is {d:+.2f}% "
                               f"from pyribs (more than {QD_WARN_PERCENT:g}%)")
    # When pyribs ran on fewer seeds (CVT), also compare on the seeds both ran.
    p_seeds = {r["_bench"]["seed"] for r in ok_results(peer)}
    t_seeds = {r["_bench"]["seed"] for g in groups[:-1] for r in ok_results(g)}
    if p_seeds and t_seeds - p_seeds:
        sub_qd, sub_cov = [], []
        for i, w in enumerate(workers_list):
            sub = [r for r in groups[i] if r["_bench"]["seed"] in p_seeds]
            sub_qd.append(fpct(rel_pct(mean(field(sub, "qd_score")), p_qd)))
            sub_cov.append(fpct(rel_pct(mean(field(sub, "coverage")), p_cov)))
        seeds_txt = ",".join(map(str, sorted(p_seeds)))
        cmp_rows[f"QD score difference, seed(s) {seeds_txt} only"] = sub_qd
        cmp_rows[f"coverage difference, seed(s) {seeds_txt} only"] = sub_cov
    for name, vals in list(cmp_rows.items()) + list(cvt_rows.items()):
        if vals:
            lines.append(f"| {name} | " + " | ".join(vals) + " |")
    lines.append("")
    extra = []
    if len(workers_list) >= 2 and 1 in workers_list:
        base = med_eps[workers_list.index(1)]
        for i, w in enumerate(workers_list):
            if w != 1:
                extra.append(f"{w}-worker / 1-worker throughput (medians): "
                             f"**{fratio(ratio(med_eps[i], base))}**")
    if cfg.get("cvt"):
        pn = len(ok_results(peer))
        tn = [len(ok_results(g)) for g in groups[:-1]]
        extra.append(f"pyribs CVT ran on {pn} seed(s) (tessera on {max(tn) if tn else 0}); "
                     "QD/coverage means are over each engine's own seeds.")
        if peer_cvt:
            extra.append("pyribs inertia: `Scripts/peer_cvt.py` (pyribs' own `k_means_centroids`, "
                         "same seed, samples and bounds as `CVTArchive`), scikit-learn's final inertia.")
    # Tessera promises the same archive for a seed whatever the worker count.
    if len(workers_list) > 1:
        by_seed = {}
        for g in groups[:-1]:
            for r in ok_results(g):
                by_seed.setdefault(r["_bench"]["seed"], set()).add(
                    (r["result"].get("qd_score"), r["result"].get("num_elites")))
        differing = sorted(s for s, v in by_seed.items() if len(v) > 1)
        if differing:
            extra.append("tessera QD score / elites DIFFER across worker counts for seed(s) "
                         + ",".join(map(str, differing)))
            caveats.append(f"({cfg['id']}) tessera results differ across worker counts "
                           f"for seed(s) {','.join(map(str, differing))}")
        elif by_seed:
            extra.append("tessera QD score and elite count identical across worker counts "
                         "for every seed (determinism check)")
    if cfg.get("memory"):
        for i, w in enumerate(workers_list):
            x = rss[i]
            if x:
                verdict = "PASS" if max(x) < mem_target else "FAIL"
                extra.append(f"peak RSS tessera w={w}: max {max(x):.1f} MB "
                             f"(target < {mem_target:g} MB: **{verdict}**)")
    for e in extra:
        lines.append(f"- {e}")
    if extra:
        lines.append("")
    # Noise indicators
    all_recs = [r for g in groups for r in g]
    loads = [r["_bench"]["loadavg_before"][0] for r in all_recs
             if r["_bench"]["loadavg_before"]]
    busy = sum(1 for r in all_recs if r["_bench"]["builders_running"])
    note = []
    if loads:
        note.append(f"1-min loadavg at run starts {min(loads):.2f}–{max(loads):.2f}")
    note.append(f"runs overlapping a compiler/build process: {busy}/{len(all_recs)}")
    lines.append("_Noise: " + "; ".join(note) + "._")
    lines.append("")
    if busy:
        caveats.append(f"({cfg['id']}) {busy} run(s) overlapped a swift/clang build process")
    for g, c in zip(groups, cols):
        n = len(g)
        if n and len(ok_results(g)) < n:
            caveats.append(f"({cfg['id']}) {c}: {n - len(ok_results(g))}/{n} run(s) failed")
    return "\n".join(lines), caveats


# --------------------------------------------------------------------------- #
# Main
# --------------------------------------------------------------------------- #
def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description="Benchmark Tessera against pyribs, interleaved, and print Markdown tables.",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    p.add_argument("--suite", choices=sorted(SUITES), default="quick")
    p.add_argument("--tessera", default=DEFAULT_TESSERA,
                   help=f"tessera binary, relative to the repo root (default {DEFAULT_TESSERA})")
    p.add_argument("--no-build", action="store_true",
                   help="do not run `swift build -c release` first")
    p.add_argument("--build-retries", type=int, default=3,
                   help="build attempts, 60 s apart (a concurrent edit can break a build)")
    p.add_argument("--no-snapshot", action="store_true",
                   help="run the binary in place instead of a private copy")
    p.add_argument("--peer", default=DEFAULT_PEER,
                   help=f"pyribs peer script, relative to the repo root (default {DEFAULT_PEER})")
    p.add_argument("--python", default=sys.executable,
                   help="Python interpreter for the peer (default: this one)")
    p.add_argument("--seeds", type=int, default=None,
                   help="repetitions, seeds 0..N-1 (default: 3 for issue2, 2 for quick)")
    p.add_argument("--workers-list", default=None,
                   help="comma-separated tessera --workers values (default 1,2)")
    p.add_argument("--cvt-peer-seeds", type=int, default=1,
                   help="seeds for the pyribs CVT run (its k-means takes ~20-55 s; default 1)")
    p.add_argument("--no-peer-inertia", action="store_true",
                   help=f"skip {PEER_CVT_SCRIPT} (pyribs k-means inertia for the CVT row)")
    p.add_argument("--only", default=None,
                   help="comma-separated configuration ids to run (e.g. a,c)")
    p.add_argument("--timeout", type=float, default=600.0, help="per-run timeout, seconds")
    p.add_argument("--mem-target-mb", type=float, default=100.0)
    p.add_argument("--json-out", default=None, help="write every raw JSON record here (JSONL)")
    p.add_argument("--markdown-out", default=None, help="write the Markdown report here")
    return p.parse_args(argv)


def build_tessera(args) -> str:
    """Returns a note for the header."""
    attempts = max(1, args.build_retries)
    for i in range(attempts):
        log(f"building: swift build -c release (attempt {i + 1}/{attempts}) ...")
        t0 = time.perf_counter()
        try:
            r = subprocess.run(["swift", "build", "-c", "release"], cwd=REPO_ROOT,
                               capture_output=True, text=True, timeout=1800)
        except (OSError, subprocess.SubprocessError) as e:
            log(f"  build could not run: {e}")
            r = None
        if r is not None and r.returncode == 0:
            return f"`swift build -c release` succeeded ({time.perf_counter() - t0:.0f} s)"
        if r is not None:
            log("  build failed:\n" + (r.stdout + r.stderr)[-1500:])
        if i + 1 < attempts:
            log("  waiting 60 s before retrying (another engineer may be mid-edit) ...")
            time.sleep(60)
    return "**`swift build -c release` FAILED; using the existing binary**"


def versions_of_peer(python: str) -> dict:
    code = ("import json,sys\nout={}\n"
            "for m in ('ribs','numpy','sklearn','scipy','numba'):\n"
            "    try:\n        out[m]=__import__(m).__version__\n"
            "    except Exception as e:\n        out[m]=None\n"
            "print(json.dumps(out))")
    txt = capture([python, "-c", code], timeout=120)
    try:
        return json.loads(txt) if txt else {}
    except json.JSONDecodeError:
        return {}


def main(argv=None) -> int:
    raw_argv = sys.argv[1:] if argv is None else argv
    args = parse_args(raw_argv)
    suite = SUITES[args.suite]
    seeds = args.seeds if args.seeds is not None else suite["seeds"]
    workers_list = ([int(x) for x in args.workers_list.split(",") if x.strip()]
                    if args.workers_list else list(suite["workers"]))
    configs = suite["configs"]
    if args.only:
        wanted = {x.strip() for x in args.only.split(",")}
        configs = [c for c in configs if c["id"] in wanted]
    command_line = shlex.join(["python3", os.path.relpath(sys.argv[0], REPO_ROOT)
                               if argv is None else "Scripts/bench.py"] + list(raw_argv))
    started = _dt.datetime.now(_dt.timezone.utc)
    load_before = loadavg()

    build_note = "not built (`--no-build`)"
    if not args.no_build:
        build_note = build_tessera(args)
    tessera_path = (REPO_ROOT / args.tessera).resolve()
    if not tessera_path.exists():
        log(f"error: tessera binary not found at {tessera_path}")
        return 2
    peer_path = (REPO_ROOT / args.peer).resolve()
    if not peer_path.exists():
        log(f"error: peer script not found at {peer_path}")
        return 2
    peer_cvt_path = REPO_ROOT / PEER_CVT_SCRIPT
    use_peer_inertia = (not args.no_peer_inertia) and peer_cvt_path.exists()

    snapshot_dir = None
    run_bin = str(tessera_path)
    if not args.no_snapshot:
        snapshot_dir = tempfile.mkdtemp(prefix="tessera-bench-bin-")
        run_bin = os.path.join(snapshot_dir, "tessera")
        shutil.copy2(tessera_path, run_bin)
    bin_sha = sha256_file(Path(run_bin))[:16]
    bin_mtime = _dt.datetime.fromtimestamp(tessera_path.stat().st_mtime, _dt.timezone.utc)
    tessera_version = capture([run_bin, "--version"]) or "unknown"
    git_head = capture(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT) or "unknown"
    git_dirty = capture(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO_ROOT)
    swift_version = ((capture(["swift", "--version"]) or "unknown").splitlines() or ["unknown"])[0]
    pv = versions_of_peer(args.python)
    use_gnu_time = gnu_time_available()
    header_facts = {
        "date_utc": started.strftime("%Y-%m-%d %H:%M:%S UTC"),
        "command": command_line, "cwd": str(REPO_ROOT), "suite": args.suite,
        "seeds": seeds, "workers_list": workers_list, "cvt_peer_seeds": args.cvt_peer_seeds,
        "nproc": nproc(), "cpu": cpu_model(), "mem_total": mem_total_gib(),
        "kernel": platform.release(), "os": platform.platform(),
        "loadavg_before": load_before, "python": platform.python_version(),
        "peer_versions": pv, "tessera_version": tessera_version,
        "tessera_binary": str(tessera_path), "tessera_sha256_16": bin_sha,
        "tessera_mtime_utc": bin_mtime.strftime("%Y-%m-%d %H:%M:%S UTC"),
        "git_head": git_head, "git_dirty": bool(git_dirty), "swift": swift_version,
        "build": build_note, "rss_method": "GNU /usr/bin/time -v" if use_gnu_time
        else "os.wait4 ru_maxrss", "timeout_s": args.timeout, "peer": str(peer_path),
        "blas_env": {k: os.environ[k] for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")
                     if k in os.environ},
    }

    def header(load_after=None) -> str:
        h = header_facts
        pvs = ", ".join(f"{k} {v}" for k, v in h["peer_versions"].items() if v) or "unknown"
        out = [f"## Tessera vs pyribs — suite `{h['suite']}`", "",
               "```", h["command"], "```", "",
               "| fact | value |", "|---|---|",
               f"| date | {h['date_utc']} |",
               f"| machine | {h['nproc']} cores (nproc), {h['cpu']}, {h['mem_total']} RAM, "
               f"Linux {h['kernel']} |",
               f"| loadavg (1/5/15 min) before | {fmt_load(h['loadavg_before'])} |"]
        if load_after is not None:
            out.append(f"| loadavg (1/5/15 min) after | {fmt_load(load_after)} |")
        out += [f"| tessera | {h['tessera_version']}, git {h['git_head']}"
                f"{' (work tree has uncommitted changes)' if h['git_dirty'] else ''}, "
                f"binary sha256 {h['tessera_sha256_16']}…, built {h['tessera_mtime_utc']}; "
                f"{h['build']} |",
                f"| swift | {h['swift']} |",
                f"| peer | pyribs via `{os.path.relpath(h['peer'], REPO_ROOT)}`, Python "
                f"{h['python']}; {pvs}; `--threads 1` |",
                f"| protocol | seeds 0..{h['seeds'] - 1}, interleaved per seed (tessera "
                f"w={','.join(map(str, h['workers_list']))}, then pyribs); pyribs CVT on "
                f"{min(h['cvt_peer_seeds'], h['seeds'])} seed(s); per-run timeout "
                f"{h['timeout_s']:g} s; peak RSS via {h['rss_method']} |",
                ""]
        if h["blas_env"]:
            out.insert(-1, f"| BLAS env | {h['blas_env']} |")
        out += ["Throughput = evaluations / wall_seconds as each engine reports it (the "
                "ask-evaluate-tell loop; pyribs excludes its numba warm-up, both exclude setup). "
                f"Ratios compare medians; QD score and coverage compare means over seeds; "
                f"⚠ marks a difference above {QD_WARN_PERCENT:g}%.", ""]
        return "\n".join(out)

    json_out = open(args.json_out, "w") if args.json_out else None
    if json_out:
        json_out.write(json.dumps({"_bench_header": header_facts}) + "\n")
        json_out.flush()
    runner = Runner(args, run_bin, use_gnu_time, json_out)

    print(header(), flush=True)
    sections = []
    all_caveats = []
    memory_lines = []
    try:
        for cfg in configs:
            log(f"== ({cfg['id']}) {cfg['title']}, {cfg['evaluations']:,} evaluations")
            tess = {w: [] for w in workers_list}
            peer, peer_cvt = [], []
            peer_seeds = min(seeds, args.cvt_peer_seeds) if cfg.get("cvt") else seeds
            if cfg.get("peer") is False:
                peer_seeds = 0
            for s in range(seeds):
                for w in workers_list:
                    tess[w].append(runner.run("tessera", cfg, s, w,
                                              tessera_cmd(run_bin, cfg, s, w)))
                if s < peer_seeds:
                    peer.append(runner.run("pyribs", cfg, s, None,
                                           peer_cmd(args.python, str(peer_path), cfg, s)))
                    if cfg.get("cvt") and use_peer_inertia:
                        peer_cvt.append(runner.run(
                            "pyribs-kmeans", cfg, s, None,
                            peer_cvt_cmd(args.python, str(peer_cvt_path), cfg, s)))
            md, cav = render_config(cfg, tess, peer, peer_cvt, workers_list, seeds,
                                    args.mem_target_mb)
            sections.append(md)
            all_caveats += cav
            print(md, flush=True)
            if cfg.get("memory"):
                for w in workers_list:
                    x = rss_list(tess[w])
                    if x:
                        memory_lines.append(
                            f"| {cfg['title']}, {cfg['evaluations']:,} evals | tessera w={w} | "
                            f"{median(x):.1f} | {max(x):.1f} | "
                            f"{'PASS' if max(x) < args.mem_target_mb else 'FAIL'} |")
                    else:
                        memory_lines.append(f"| {cfg['title']} | tessera w={w} | — | — | no data |")
                x = rss_list(peer)
                if x:
                    memory_lines.append(f"| {cfg['title']}, {cfg['evaluations']:,} evals | "
                                        f"pyribs (for reference) | {median(x):.1f} | "
                                        f"{max(x):.1f} | — |")
    except KeyboardInterrupt:
        all_caveats.append("interrupted by the user; tables cover the runs finished so far")
    finally:
        if json_out:
            json_out.close()
        if snapshot_dir:
            shutil.rmtree(snapshot_dir, ignore_errors=True)

    tail = []
    if memory_lines:
        tail += [f"### (e) Peak memory (target < {args.mem_target_mb:g} MB)", "",
                 "| run | engine | median peak RSS MB | max peak RSS MB | verdict |",
                 "|---|---|---:|---:|---|"] + memory_lines + [""]
    load_after = loadavg()
    finished = _dt.datetime.now(_dt.timezone.utc)
    tail.append(f"_Finished {finished.strftime('%Y-%m-%d %H:%M:%S UTC')} "
                f"({(finished - started).total_seconds() / 60:.1f} min); loadavg after "
                f"(1/5/15 min): {fmt_load(load_after)}._")
    tail.append("")
    if all_caveats:
        tail += ["**Flags raised by the script:**", ""] + [f"- {c}" for c in all_caveats] + [""]
    tail_md = "\n".join(tail)
    print(tail_md, flush=True)
    if args.markdown_out:
        doc = "\n".join([header(load_after)] + sections + [tail_md])
        with open(args.markdown_out, "w") as f:
            f.write(doc)
        log(f"markdown written to {args.markdown_out}")
    if args.json_out:
        log(f"raw JSON lines written to {args.json_out}")
    n_fail = sum(1 for r in runner.records if r["_bench"]["status"] != "ok")
    return 1 if n_fail and n_fail == len(runner.records) else 0


if __name__ == "__main__":
    sys.exit(main())
