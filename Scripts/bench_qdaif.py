#!/usr/bin/env python3
"""QDAIF beside its baselines at equal evaluations, on the scripted world server
(Scripts/scripted_llm_server.py) or on a real model's server.

    python3 Scripts/bench_qdaif.py [--domains opinions,stories,poetry] [--seeds 5]
                                   [--evaluations 1000] [--batch-size 16] [--concurrency 16]
                                   [--url http://127.0.0.1:PORT/v1] [--calibrate] [--binary .build/release/tessera]

Without --url it starts the scripted server on a free port. Every run is
`tessera run DOMAIN --algorithm A --seed S --evaluations N --json` into a temporary folder;
the table gives, per domain and algorithm, the median over seeds of num_elites, coverage and
QD score (with their min and max), the requests, and the requests and generated tokens per
second of the loop.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

from machine_info import cpu_model

ALGORITHMS = ["qdaif", "fixed-prompt", "quality-only"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--domains", default="opinions,stories,poetry")
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--evaluations", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--url", help="a server's base URL (default: start the scripted world server)")
    parser.add_argument("--model", help="--llm-model to pass")
    parser.add_argument("--calibrate", action="store_true", help="pass --calibrate (a calibrated judge)")
    parser.add_argument("--binary", default=".build/release/tessera")
    arguments = parser.parse_args()
    if not os.path.exists(arguments.binary):
        sys.exit("%s is missing: build it with swift build -c release --product tessera" % arguments.binary)
    server = None
    url = arguments.url
    if url is None:
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "scripted_llm_server.py")
        server = subprocess.Popen([sys.executable, script, "--port", "0"], stdout=subprocess.PIPE, text=True)
        url = server.stdout.readline().strip().split("listening on ", 1)[1]
    print("server %s; %s; %d evaluations, batch %d, concurrency %d, seeds 1-%d"
          % (url, cpu_model(), arguments.evaluations, arguments.batch_size, arguments.concurrency, arguments.seeds), flush=True)
    rows = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            for domain in arguments.domains.split(","):
                for seed in range(1, arguments.seeds + 1):
                    for algorithm in ALGORITHMS:  # interleaved, so drift in the machine's speed hits all alike
                        command = [arguments.binary, "run", domain, "--algorithm", algorithm, "--llm-url", url,
                                   "--seed", str(seed), "--evaluations", str(arguments.evaluations),
                                   "--batch-size", str(arguments.batch_size), "--concurrency", str(arguments.concurrency),
                                   "--output", os.path.join(folder, "run.sqlite"), "--overwrite", "--no-report", "--json", "--quiet"]
                        if arguments.model:
                            command += ["--llm-model", arguments.model]
                        if arguments.calibrate:
                            command.append("--calibrate")
                        done = subprocess.run(command, capture_output=True, text=True)
                        if done.returncode != 0:
                            sys.exit("failed: %s\n%s" % (" ".join(command), done.stderr.strip()))
                        figures = json.loads(done.stdout.strip().splitlines()[-1])
                        figures["domain"] = domain
                        rows.append(figures)
                        print("  %-8s %-13s seed %d: %4d elites, coverage %6.2f%%, QD %8.3f, %5d requests, %.1f s"
                              % (domain, algorithm, seed, figures["num_elites"], 100 * figures["coverage"], figures["qd_score"],
                                 figures["llm_requests"], figures["loop_seconds"]), flush=True)
    finally:
        if server:
            server.kill()
    print()
    print("| domain | algorithm | elites (median, min-max) | coverage | QD score (median, min-max) | requests | requests/s | tokens/s |")
    print("|---|---|---|---|---|---|---|---|")
    for domain in arguments.domains.split(","):
        for algorithm in ALGORITHMS:
            runs = [r for r in rows if r["domain"] == domain and r["algorithm"] == algorithm]
            elites = [r["num_elites"] for r in runs]
            coverage = [r["coverage"] for r in runs]
            qd = [r["qd_score"] for r in runs]
            rates = [r["session_llm_requests"] / r["loop_seconds"] for r in runs if r["loop_seconds"] > 0]
            tokens = [r["llm_completion_tokens"] / r["loop_seconds"] for r in runs if r["loop_seconds"] > 0]
            print("| %s | `%s` | %g (%d-%d) | %.1f%% | %.3f (%.3f-%.3f) | %d | %.3g | %.3g |"
                  % (domain, algorithm, statistics.median(elites), min(elites), max(elites), 100 * statistics.median(coverage),
                     statistics.median(qd), min(qd), max(qd), statistics.median([r["llm_requests"] for r in runs]),
                     statistics.median(rates), statistics.median(tokens)))


if __name__ == "__main__":
    main()
