#!/usr/bin/env python3
"""The built-in sphere task (`tessera run sphere --dims D`) as a Python protocol worker.

Same objective, descriptors and bounds as Tessera's `SphereDomain`, summed in the same
order, so the values are bit for bit those of the built-in task:

    objective  100 * (1 - raw / worst), raw = sum (x_i - 2.048)^2, worst = (-5.12 - 2.048)^2 * D
    descriptors the linear projection: sums of x_i (folded to 5.12 / x_i outside [-5.12, 5.12])
               over the first and the second half of the genome, in [-D/2 * 5.12, D/2 * 5.12]

Usage: python3 Examples/PythonEvaluator/sphere.py [--dims D]   (D = 10 by default)
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tessera_worker import serve  # noqa: E402

SHIFT = 0.4 * 5.12


def fold(v):
    return 5.12 / v if (v < -5.12 or v > 5.12) else v


def four_way_sum(values):
    """Sums in four interleaved accumulators, then (s0 + s1) + (s2 + s3), as Tessera does."""
    s = [0.0, 0.0, 0.0, 0.0]
    n = len(values)
    whole = n - n % 4
    for i in range(0, whole, 4):
        for k in range(4):
            s[k] += values[i + k]
    for i in range(whole, n):
        s[0] += values[i]
    return (s[0] + s[1]) + (s[2] + s[3])


def make_evaluate(dims):
    worst = (-5.12 - SHIFT) * (-5.12 - SHIFT) * dims
    half = dims // 2

    def evaluate(genome, seed):
        if len(genome) != dims:
            raise ValueError("a genome of %d numbers, expected %d" % (len(genome), dims))
        raw = four_way_sum([(x - SHIFT) * (x - SHIFT) for x in genome])
        objective = (raw - worst) / (0 - worst) * 100
        descriptor = [four_way_sum([fold(x) for x in genome[:half]]), four_way_sum([fold(x) for x in genome[half:]])]
        return objective, descriptor

    return evaluate


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dims", type=int, default=10)
    args = parser.parse_args()
    if args.dims < 2:
        parser.error("--dims must be at least 2")
    bound = args.dims / 2 * 5.12
    serve(make_evaluate(args.dims), dimension=args.dims, descriptor_lower=[-bound, -bound],
          descriptor_upper=[bound, bound], descriptor_names=["x_first_half", "x_second_half"],
          objective_lower=0.0, objective_upper=100.0)


if __name__ == "__main__":
    main()
