#!/usr/bin/env python3
"""Runs the pyribs peer script with pyribs' CMA-ES rank-one update made the tutorial's.

pyribs 0.12 (`ribs/emitters/opt/_cma_es.py`) accumulates the evolution path p_c from the
mean shift m' - m without dividing it by sigma, and then adds the rank-one term as
`c1 * (c1 * outer(pc, pc))`, with neither divided by sigma^2 (its rank-mu term is). So
its rank-one update is c1^2 sigma^2 p_c p_c^T in the tutorial's units: next to nothing
once sigma is small. Tessera follows Hansen's tutorial (c1 p_c p_c^T with
p_c built from (m' - m) / sigma). This script replaces pyribs' `_calc_cov_update` by
`cov (1 - c1a - cmu sum(w)) + c1 outer(pc, pc) / sigma^2 + cmu rank_mu / sigma^2`
(the tutorial's rank-one term with pyribs' p_c rescaled by the current sigma), then runs
`pyribs_bench.py` unchanged with the arguments given, so the two pyribs variants can be
compared at the same seeds (Docs/Benchmarks.md, "The CMA family against pyribs").

Usage:
    python3 Scripts/pyribs_tutorial_cma.py --task sphere --algorithm cma-me \
        --evaluations 1000000 --seed 0
"""
import os
import runpy
import sys

PEER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "peers", "pyribs_bench.py")


def tutorial_cov_update(cov, c1a, cmu, c1, pc, sigma, rank_mu_update, weights):
    import numpy as np
    return (cov * (1 - c1a - cmu * np.sum(weights))
            + c1 * np.outer(pc, pc) / sigma ** 2
            + rank_mu_update * cmu / sigma ** 2)


def main():
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from ribs.emitters.opt import _cma_es
    _cma_es.CMAEvolutionStrategy._calc_cov_update = staticmethod(tutorial_cov_update)
    peer = os.environ.get("PYRIBS_PEER", PEER)
    sys.argv = [peer] + sys.argv[1:]
    runpy.run_path(peer, run_name="__main__")


if __name__ == "__main__":
    main()
