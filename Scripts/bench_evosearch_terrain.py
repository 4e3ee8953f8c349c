#!/usr/bin/env python3
"""EvoSearch, best-of-N and evosearch-qd on the real terrain diffusion model at equal NFE.

Starts the reference server's terrain backend (Examples/DiffusionServer, the consistency
UNet of adaptive-terrain-diffusion 0.4.2 on ONNX Runtime; `Scripts/setup-terrain-model.sh`
installs it), runs the three algorithms of `tessera run --generator URL` seed by seed on the
same server, and prints one JSON line per run, then one summary line per algorithm (mean and
sd of the best reward, cells reached, Vendi of the final population, NFE per second). With
`--pictures FOLDER` it also writes, per algorithm, the best output of the first seed's run as
a PNG taken from its report.

    swift build -c release --product tessera
    python3 Scripts/bench_evosearch_terrain.py --seeds 3
"""
import argparse
import base64
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from machine_info import cpu_model  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, "Examples", "DiffusionServer", "tessera_diffusion_server.py")
# Four consistency steps: generations at steps 0, 1 and 2 after the first population;
# 10 x 4 + 8 x 4 + 8 x 3 + 8 x 2 = 112 NFE, best-of-28's budget.
SCHEDULE = ["--evolution-schedule", "0,1,2", "--population-schedule", "10,8,8,8", "--elites", "2"]
NFE = 112


def start_server(reward):
    process = subprocess.Popen([sys.executable, SERVER, "--backend", "terrain", "--port", "0", "--reward", reward],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline().strip()
    if not line.startswith("listening on "):
        process.kill()
        raise SystemExit("the terrain server did not start: " + line + process.stderr.read()[-2000:])
    return process, line[len("listening on "):]


def run(tessera, url, algorithm, seed, folder, reward, grid):
    output = os.path.join(folder, "%s-%d.sqlite" % (algorithm, seed))
    arguments = [tessera, "run", "--generator", url, "--algorithm", algorithm, "--seed", str(seed), "--reward", reward,
                 "--grid", grid, "--output", output, "--overwrite", "--json", "--quiet"]
    arguments += ["--nfe", str(NFE)] if algorithm == "best-of-n" else SCHEDULE
    start = time.monotonic()
    result = subprocess.run(arguments, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit("%s seed %d failed: %s" % (algorithm, seed, result.stderr.strip()))
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["command_seconds"] = time.monotonic() - start
    return figures, output


def best_picture(report_path, target):
    """The report's first picture (its best output) as a PNG file."""
    with open(report_path) as report:
        match = re.search(r"data:image/png;base64,([A-Za-z0-9+/=]+)", report.read())
    if match:
        with open(target, "wb") as picture:
            picture.write(base64.b64decode(match.group(1)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--reward", default="traversability")
    parser.add_argument("--grid", default="5x5")
    parser.add_argument("--tessera", default=os.path.join(ROOT, ".build", "release", "tessera"))
    parser.add_argument("--pictures", help="a folder for the best output of each algorithm (first seed) as PNG")
    options = parser.parse_args()
    if not 1 <= options.seeds <= 100:
        raise SystemExit("--seeds must be in 1...100")
    server, url = start_server(options.reward)
    rows = {}
    try:
        with tempfile.TemporaryDirectory() as folder:
            for seed in range(1, options.seeds + 1):
                for algorithm in ["evosearch", "best-of-n", "evosearch-qd"]:
                    figures, output = run(options.tessera, url, algorithm, seed, folder, options.reward, options.grid)
                    rows.setdefault(algorithm, []).append(figures)
                    print(json.dumps({"case": "run", "algorithm": algorithm, "seed": seed, "reward": options.reward,
                                      "best_reward": figures["best_reward"], "best_descriptors": figures.get("best_descriptors"),
                                      "cells_reached": figures["cells_reached"], "vendi_final": figures.get("vendi_final"),
                                      "nfe": figures["nfe"], "nfe_per_second": figures["nfe_per_second"]}, sort_keys=True), flush=True)
                    if options.pictures and seed == 1:
                        os.makedirs(options.pictures, exist_ok=True)
                        best_picture(output[:-len(".sqlite")] + ".html",
                                     os.path.join(options.pictures, "evosearch-terrain-%s.png" % algorithm))
    finally:
        server.terminate()
        server.wait()
    reference = [row["best_reward"] for row in rows["best-of-n"]]
    for algorithm, runs in rows.items():
        rewards = [row["best_reward"] for row in runs]
        print(json.dumps({
            "case": "summary", "algorithm": algorithm, "reward": options.reward, "seeds": options.seeds, "nfe": runs[0]["nfe"],
            "best_reward_mean": statistics.mean(rewards), "best_reward_sd": statistics.stdev(rewards) if len(rewards) > 1 else 0.0,
            "wins_over_best_of_n": sum(r > b for r, b in zip(rewards, reference)),
            "cells_reached_mean": statistics.mean(row["cells_reached"] for row in runs),
            "vendi_final_mean": statistics.mean(row["vendi_final"] for row in runs if row.get("vendi_final") is not None),
            "nfe_per_second": sum(row["nfe"] for row in runs) / sum(row["loop_seconds"] for row in runs),
            "cpu": cpu_model(),
        }, sort_keys=True), flush=True)


if __name__ == "__main__":
    main()
