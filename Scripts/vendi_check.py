#!/usr/bin/env python3
"""Cross-check of `tessera info`'s exact Vendi score with numpy (numpy and sqlite3 only).

Reads a Tessera archive file, normalises the reported archive's descriptors to the file's
descriptor box, takes the RBF bandwidth `tessera info --json` reports (`vendi_kernel`),
builds the exact n x n kernel and prints the Vendi score (q = 1) from numpy's eigvalsh,
next to Tessera's. Only archives of at most 2,000 elites, where Tessera is exact; the
bandwidth is also recomputed here (median of the pairwise distances) and compared.

    python3 Scripts/vendi_check.py Archives/samples/arm-map-elites.sqlite [--tessera .build/debug/tessera]
"""
import argparse
import json
import sqlite3
import subprocess
import sys

import numpy as np


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--tessera", default=".build/debug/tessera")
    args = parser.parse_args()

    con = sqlite3.connect(f"file:{args.file}?mode=ro", uri=True)
    header = json.loads(dict(con.execute("SELECT key, value FROM tessera_file"))["header"])
    box = header["descriptorSpace"]
    low, high = np.array(box["lower"]), np.array(box["upper"])
    table = "result_elites" if header.get("resultArchive") else "elites"
    columns = [row[1] for row in con.execute(f"PRAGMA table_info({table})") if row[1].startswith("descriptor_")]
    x = np.array(con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall(), dtype=float)
    x = (x - low) / (high - low)
    n = len(x)
    if n < 2 or n > 2000:
        sys.exit(f"{n} elites: the check needs 2 to 2,000 elites (the exact path)")

    info = json.loads(subprocess.run([args.tessera, "info", args.file, "--json"], check=True,
                                     capture_output=True, text=True).stdout.splitlines()[-1])
    h = info["vendi_kernel"]["bandwidth"]

    squared = ((x[:, None, :] - x[None, :, :]) ** 2).sum(-1)
    distances = np.sqrt(squared[np.triu_indices(n, 1)])
    median = np.median(distances)
    if median == 0:
        median = np.median(distances[distances > 0])
    k = np.exp(-squared / (2 * h * h))
    lam = np.linalg.eigvalsh(k / n)
    lam = lam[lam > n * np.finfo(float).eps * lam.max()]
    score = float(np.exp(-(lam * np.log(lam)).sum()))

    print(json.dumps({"file": args.file, "elites": n, "bandwidth_tessera": h, "bandwidth_numpy": float(median),
                      "vendi_tessera": info["vendi_score"], "vendi_numpy": score,
                      "difference": abs(score - info["vendi_score"])}))


if __name__ == "__main__":
    main()
