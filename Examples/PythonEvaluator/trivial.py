#!/usr/bin/env python3
"""The cheapest worker there is, to measure the protocol's own overhead.

    objective   genome[0]
    descriptors genome[0] and genome[1], clipped to [-1, 1]

The genome has --dims numbers (10 by default) in [-1, 1]; the seed is unused. No objective
range is declared (genome[0] is not clipped).

Usage:
    python3 Examples/PythonEvaluator/trivial.py [--dims D]             a protocol worker
    python3 Examples/PythonEvaluator/trivial.py [--dims D] --plain N   the baseline: calls evaluate N times in a
                                                                       plain loop on random genomes and prints
                                                                       {"plain_seconds_per_eval": X}
"""
import argparse
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tessera_worker import serve  # noqa: E402


def clip(v):
    return -1.0 if v < -1.0 else (1.0 if v > 1.0 else v)


def evaluate(genome, seed):
    return genome[0], [clip(genome[0]), clip(genome[1])]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dims", type=int, default=10)
    parser.add_argument("--plain", type=int, default=0, metavar="N")
    args = parser.parse_args()
    if args.dims < 2:
        parser.error("--dims must be at least 2")
    if args.plain:
        rng = random.Random(1)
        genomes = [[rng.uniform(-1.0, 1.0) for _ in range(args.dims)] for _ in range(args.plain)]
        started = time.perf_counter()
        for seed, genome in enumerate(genomes):
            evaluate(genome, seed)
        print(json.dumps({"plain_seconds_per_eval": (time.perf_counter() - started) / args.plain}))
        return
    serve(evaluate, dimension=args.dims, genome_lower=[-1.0] * args.dims, genome_upper=[1.0] * args.dims,
          descriptor_lower=[-1.0, -1.0], descriptor_upper=[1.0, 1.0], descriptor_names=["genome_0", "genome_1"])


if __name__ == "__main__":
    main()
