#!/usr/bin/env python3
"""Peer benchmark: pyribs' CVT centroid generation (k-means via scikit-learn).

Runs ``ribs.archives.k_means_centroids`` with pyribs' defaults (``n_init=1``,
``init="random"``, ``algorithm="lloyd"``, tol 1e-4, at most 300 iterations) on uniform
samples of [lower, upper]^dimension and prints one JSON line per run:

    {"peer":"pyribs","seconds":..,"inertia":..,"iterations":..,"centroids":..,"samples":..,...}

``seconds`` covers sampling plus clustering, as ``CVTArchive(...)`` construction does.
``inertia`` is scikit-learn's own final inertia (sum of squared distances of the samples
to their nearest final centroid), captured from the ``k_means`` call that pyribs makes.

Usage: python3 Scripts/peer_cvt.py [--centroids 10000] [--samples 100000]
           [--dimension 2] [--lower -1] [--upper 1] [--seed 42] [--runs 1]
"""

import argparse
import json
import time

import ribs
import sklearn
from ribs.archives import _cvt_archive, k_means_centroids


def run_once(args, seed):
    captured = {}
    original_k_means = _cvt_archive.k_means

    def recording_k_means(*pos, **kw):
        # Same call pyribs makes; also ask scikit-learn for the iteration count.
        result = original_k_means(*pos, return_n_iter=True, **kw)
        captured["inertia"] = float(result[2])
        captured["iterations"] = int(result[3])
        return result

    _cvt_archive.k_means = recording_k_means
    try:
        start = time.perf_counter()
        centroids, samples = k_means_centroids(
            centroids=args.centroids,
            ranges=[(args.lower, args.upper)] * args.dimension,
            samples=args.samples,
            seed=seed,
        )
        seconds = time.perf_counter() - start
    finally:
        _cvt_archive.k_means = original_k_means

    return {
        "peer": "pyribs",
        "seconds": seconds,
        "inertia": captured["inertia"],
        "iterations": captured["iterations"],
        "centroids": int(centroids.shape[0]),
        "samples": int(samples.shape[0]),
        "dimension": args.dimension,
        "seed": seed,
        "ribs": ribs.__version__,
        "sklearn": sklearn.__version__,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--centroids", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--dimension", type=int, default=2)
    parser.add_argument("--lower", type=float, default=-1.0)
    parser.add_argument("--upper", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--runs", type=int, default=1,
                        help="runs with seeds seed, seed+1, ...; one JSON line each")
    args = parser.parse_args()
    for run in range(args.runs):
        print(json.dumps(run_once(args, args.seed + run), separators=(",", ":")), flush=True)


if __name__ == "__main__":
    main()
