#!/usr/bin/env python3
"""A small maze-navigation simulator as a Python protocol worker: a realistic, pure-Python cost.

A point robot starts at (0.1, 0.1) in the unit square, a maze of walls between it and the
goal at (0.9, 0.9). Each step it reads three rangefinders (left, front, right), computes
turn and speed from a linear controller through tanh, and moves; a move that would cross a
wall is cancelled. The genome is the controller's weights (default 10, in [-1, 1]): weight
i multiplies feature (i // 2) % 8 (bias, the three ranges, sine and cosine of the bearing
to the goal, x, y) in output i % 2 (turn, speed).

    objective   -(distance from the final position to the goal), in [-sqrt(2), 0]
    descriptors the final (x, y), in [0, 1]^2

The simulation has no noise: a row is a pure function of its genome (the seed is unused).
Cost: about 10 ms of CPU time per evaluation with the default 600 steps, measured on the
2-core machine it was written on (Python 3.11.7): 8.9 to 10.6 ms of CPU, 13.6 to 15.6 ms of
wall time while Swift builds loaded it (load average about 4.8). `python3 maze_like.py
--time 200` measures yours (wall and CPU milliseconds per evaluation, then exits).

Usage: python3 Examples/PythonEvaluator/maze_like.py [--dims D] [--steps N] [--time N]
"""
import argparse
import math
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tessera_worker import serve  # noqa: E402

START = (0.1, 0.1)
GOAL = (0.9, 0.9)
WALLS = [  # (ax, ay, bx, by)
    (0.0, 0.0, 1.0, 0.0), (1.0, 0.0, 1.0, 1.0), (1.0, 1.0, 0.0, 1.0), (0.0, 1.0, 0.0, 0.0),  # the box
    (0.0, 0.3, 0.7, 0.3),   # a shelf from the left: go right first
    (0.3, 0.55, 1.0, 0.55),  # one from the right: then left
    (0.0, 0.8, 0.6, 0.8),   # and right again to the goal
    (0.5, 0.3, 0.5, 0.45),  # a few posts
    (0.75, 0.65, 0.75, 0.8),
    (0.2, 0.55, 0.2, 0.7),
]
RANGE = 1.0
SENSOR_ANGLES = (math.pi / 3, 0.0, -math.pi / 3)
FEATURES = 8


def ray(x, y, dx, dy):
    """Distance along the unit direction (dx, dy) to the nearest wall, at most RANGE."""
    nearest = RANGE
    for ax, ay, bx, by in WALLS:
        ex, ey = bx - ax, by - ay
        denominator = dx * ey - dy * ex
        if abs(denominator) < 1e-12:
            continue
        wx, wy = ax - x, ay - y
        t = (wx * ey - wy * ex) / denominator
        if 0.0 <= t < nearest:
            u = (wx * dy - wy * dx) / denominator
            if 0.0 <= u <= 1.0:
                nearest = t
    return nearest


def crosses(x0, y0, x1, y1):
    """Whether the move from (x0, y0) to (x1, y1) crosses a wall."""
    mx, my = x1 - x0, y1 - y0
    for ax, ay, bx, by in WALLS:
        ex, ey = bx - ax, by - ay
        denominator = mx * ey - my * ex
        if abs(denominator) < 1e-12:
            continue
        wx, wy = ax - x0, ay - y0
        t = (wx * ey - wy * ex) / denominator
        u = (wx * my - wy * mx) / denominator
        if -1e-9 <= t <= 1.0 + 1e-9 and -1e-9 <= u <= 1.0 + 1e-9:
            return True
    return False


def simulate(genome, steps):
    """The final position of the robot the genome drives for `steps` steps."""
    turn_weights = [[0.0] * FEATURES, [0.0] * FEATURES]
    for i, w in enumerate(genome):
        turn_weights[i % 2][(i // 2) % FEATURES] += w
    turn_w, speed_w = turn_weights
    x, y = START
    heading = math.pi / 4
    for _ in range(steps):
        c, s = math.cos(heading), math.sin(heading)
        ranges = []
        for angle in SENSOR_ANGLES:
            a = heading + angle
            ranges.append(ray(x, y, math.cos(a), math.sin(a)) / RANGE)
        bearing = math.atan2(GOAL[1] - y, GOAL[0] - x) - heading
        features = (1.0, ranges[0], ranges[1], ranges[2], math.sin(bearing), math.cos(bearing), x, y)
        turn = math.tanh(sum(w * f for w, f in zip(turn_w, features)))
        speed = 0.5 * (1.0 + math.tanh(sum(w * f for w, f in zip(speed_w, features))))
        heading += 0.5 * turn
        step = 0.02 * speed
        nx, ny = x + step * math.cos(heading), y + step * math.sin(heading)
        if not crosses(x, y, nx, ny):
            x, y = nx, ny
    return min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0)


def make_evaluate(dims, steps):
    def evaluate(genome, seed):
        if len(genome) != dims:
            raise ValueError("a genome of %d numbers, expected %d" % (len(genome), dims))
        x, y = simulate(genome, steps)
        return -math.hypot(GOAL[0] - x, GOAL[1] - y), [x, y]

    return evaluate


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dims", type=int, default=10)
    parser.add_argument("--steps", type=int, default=600)
    parser.add_argument("--time", type=int, default=0, metavar="N",
                        help="evaluate N random genomes in a plain loop, print the milliseconds per evaluation, exit")
    args = parser.parse_args()
    if args.dims < 2:
        parser.error("--dims must be at least 2")
    if args.steps < 1:
        parser.error("--steps must be at least 1")
    evaluate = make_evaluate(args.dims, args.steps)
    if args.time:
        rng = random.Random(1)
        genomes = [[rng.uniform(-1, 1) for _ in range(args.dims)] for _ in range(args.time)]
        started, cpu = time.perf_counter(), time.process_time()
        for genome in genomes:
            evaluate(genome, 0)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
        print('{"maze_like_ms_per_eval": %.3f, "cpu_ms_per_eval": %.3f}' % (wall / args.time * 1000, cpu / args.time * 1000))
        return
    serve(evaluate, dimension=args.dims, genome_lower=[-1.0] * args.dims, genome_upper=[1.0] * args.dims,
          descriptor_lower=[0.0, 0.0], descriptor_upper=[1.0, 1.0], descriptor_names=["final_x", "final_y"],
          objective_lower=-math.sqrt(2.0), objective_upper=0.0)


if __name__ == "__main__":
    main()
