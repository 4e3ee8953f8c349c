#!/usr/bin/env python3
"""Times scikit-learn's exact NearestNeighbors on the shape of `tessera bench knn`.

A batch of --queries uniform random behaviours against an archive of --archive ones in
[0, 1)^dims, k neighbours each. Prints one JSON line per algorithm with the median
milliseconds of fit + kneighbors and of kneighbors alone. Needs numpy and scikit-learn
(`pip install scikit-learn`).

    python3 Scripts/knn_sklearn.py --dims 2 --archive 100000 --queries 1000 --k 15
"""
import argparse
import json
import statistics
import time

import numpy as np
from sklearn.neighbors import NearestNeighbors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dims", type=int, default=2)
    parser.add_argument("--archive", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--k", type=int, default=15)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--distance", choices=["euclidean", "half-manhattan"], default="euclidean")
    parser.add_argument("--algorithms", default="auto,kd_tree,brute")
    args = parser.parse_args()
    for flag in ("dims", "archive", "queries", "k", "repeats"):
        if getattr(args, flag) <= 0:
            parser.error(f"--{flag} must be positive")

    rng = np.random.default_rng(args.seed)
    points = rng.random((args.archive, args.dims))
    queries = rng.random((args.queries, args.dims))
    metric = "euclidean" if args.distance == "euclidean" else "manhattan"
    for algorithm in args.algorithms.split(","):
        both, alone = [], []
        for _ in range(args.repeats):
            start = time.perf_counter()
            model = NearestNeighbors(n_neighbors=args.k, algorithm=algorithm, metric=metric).fit(points)
            fitted = time.perf_counter()
            distances, _ = model.kneighbors(queries)
            done = time.perf_counter()
            both.append((done - start) * 1000)
            alone.append((done - fitted) * 1000)
        if args.distance == "half-manhattan":
            distances = distances / 2
        print(json.dumps({
            "library": "scikit-learn", "algorithm": algorithm, "distance": args.distance,
            "dims": args.dims, "archive": args.archive, "queries": args.queries, "k": args.k,
            "fit_and_search_ms": statistics.median(both), "search_ms": statistics.median(alone),
            "mean_novelty": float(distances.mean()),
        }))


if __name__ == "__main__":
    main()
