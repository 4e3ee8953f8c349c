#!/usr/bin/env python3
"""Throughput peer: the deceptive maze domain of Novelty Search in numpy, vectorised over a batch.

The same robot, controller and rules as Tessera's ``MazeDomain``
(``Sources/TesseraTasks/Tasks/Maze/``), after Lehman & Stanley 2011 and Lehman's
novelty-search-cpp: radius 8; six rangefinders at -90, -45, 0, 45, 90, -180 degrees with
range 100 (input = distance / 100, 1 when nothing is hit); four pie-slice goal radars;
a feed-forward network (bias + 6 + 4 inputs, H steep-sigmoid hidden units, 2 steep-sigmoid
outputs with biases, weight = 5 x gene); ``angular += o1 - 0.5``, ``speed += o2 - 0.5``,
both clamped to [-3, 3]; velocity from the heading before the update; a move closer than 8
to a wall is rejected; the robot stops within 5 of the goal; 400 steps.

Every per-robot operation is the same IEEE operation in the same order as in Swift (sums in
input order, the same formulas for rays, contacts and the radar), and numpy's float64
sin/cos/exp/arctan2 agree with glibc's on the machine this was written on, so final
positions agree with Tessera's bit for bit there; ``--check`` verifies agreement to 1e-6.

Usage:
    python3 Scripts/maze_numpy.py [--evaluations 2000] [--map medium|hard|FILE] [--seed 1]
                                  [--hidden 5] [--steps 400] [--batch 0]
        prints {"evals_per_second": ..., "evaluations": ..., "seconds": ..., ...}
    python3 Scripts/maze_numpy.py --check Scripts/maze_check.json
        simulates the fixture's genomes (written by Tessera's tests, which check that Swift
        reproduces its positions) and prints the largest difference; exits 1 above 1e-6.
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np

RADIUS = 8.0
RANGE = 100.0
GOAL_RADIUS = 5.0
SLOPE = 4.924273
MAX_SPEED = 3.0
MAX_TURN = 3.0
WEIGHT_SCALE = 5.0
INPUTS = 11
OUTPUTS = 2
H = math.sqrt(0.5)
# Unit rangefinder directions at heading 0 for -90, -45, 0, 45, 90, -180 degrees (exact).
DIRECTIONS = [(0.0, -1.0), (H, -H), (1.0, 0.0), (H, H), (0.0, 1.0), (-1.0, 0.0)]
RADIANS_PER_DEGREE = math.pi / 180
DEGREES_PER_RADIAN = 180 / math.pi

MAPS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "TesseraTasks", "Tasks", "Maze", "Maps")


def load_map(name):
    """Reads a map file (the whitespace-separated format); 'medium' and 'hard' name the shipped ones."""
    path = {"medium": os.path.join(MAPS, "medium_maze.txt"), "hard": os.path.join(MAPS, "hard_maze.txt")}.get(name, name)
    with open(path) as f:
        tokens = f.read().split()
    count = int(tokens[0])
    numbers = [float(t) for t in tokens[1:]]
    if len(numbers) != 5 + 4 * count:
        sys.exit(f"{path}: expected {5 + 4 * count} numbers after the wall count, got {len(numbers)}")
    walls = np.array(numbers[5:], dtype=np.float64).reshape(count, 4)
    return {
        "start": (numbers[0], numbers[1]),
        "heading": numbers[2],
        "goal": (numbers[3], numbers[4]),
        "ax": walls[:, 0].copy(),
        "ay": walls[:, 1].copy(),
        "ex": walls[:, 2] - walls[:, 0],
        "ey": walls[:, 3] - walls[:, 1],
    }


def steep_sigmoid(x):
    return 1.0 / (1.0 + np.exp(-SLOPE * x))


def simulate(maze, genomes, hidden, steps):
    """Final positions (x, y) of the robots driven by the rows of `genomes` (B x genome size)."""
    b = genomes.shape[0]
    weights = WEIGHT_SCALE * genomes
    w1 = weights[:, : INPUTS * hidden].reshape(b, hidden, INPUTS)
    w2 = weights[:, INPUTS * hidden :].reshape(b, OUTPUTS, hidden + 1)
    ax, ay, ex, ey = maze["ax"][None, :], maze["ay"][None, :], maze["ex"][None, :], maze["ey"][None, :]
    length_squared = ex * ex + ey * ey
    gx, gy = maze["goal"]
    x = np.full(b, maze["start"][0])
    y = np.full(b, maze["start"][1])
    heading = np.full(b, maze["heading"])
    speed = np.zeros(b)
    angular = np.zeros(b)
    d0 = (x - gx) * (x - gx) + (y - gy) * (y - gy)
    stopped = d0 < GOAL_RADIUS * GOAL_RADIUS
    inputs = np.zeros((b, INPUTS))
    inputs[:, 0] = 1.0
    rows = np.arange(b)
    for _ in range(steps):
        if stopped.all():
            break
        rad = heading * RADIANS_PER_DEGREE
        cosine = np.cos(rad)
        sine = np.sin(rad)
        px, py = x[:, None], y[:, None]
        for s, (cx, sy) in enumerate(DIRECTIONS):
            dx = (cosine * cx - sine * sy)[:, None]
            dy = (sine * cx + cosine * sy)[:, None]
            wx = ax - px
            wy = ay - py
            with np.errstate(divide="ignore", invalid="ignore"):
                denominator = dx * ey - dy * ex
                t = (wx * ey - wy * ex) / denominator
                u = (wx * dy - wy * dx) / denominator
                hit = (t >= 0) & (t < RANGE) & (u >= 0) & (u <= 1)
            nearest = np.where(hit, t, RANGE).min(axis=1)
            inputs[:, 1 + s] = nearest / RANGE
        bearing = np.arctan2(gy - y, gx - x) * DEGREES_PER_RADIAN - heading
        bearing = np.fmod(bearing, 360.0)
        bearing = np.where(bearing < 0, bearing + 360.0, bearing)
        sector = ((bearing + 45.0) / 90.0).astype(np.int64) % 4
        inputs[:, 7:] = 0.0
        inputs[rows, 7 + sector] = 1.0
        # Hidden and output layers: sums in input order, as in Swift.
        acc = np.zeros((b, hidden))
        for i in range(INPUTS):
            acc = acc + w1[:, :, i] * inputs[:, i : i + 1]
        hidden_out = steep_sigmoid(acc)
        out = w2[:, :, 0].copy()
        for j in range(hidden):
            out = out + w2[:, :, 1 + j] * hidden_out[:, j : j + 1]
        out = steep_sigmoid(out)
        active = ~stopped
        angular = np.where(active, np.clip(angular + (out[:, 0] - 0.5), -MAX_TURN, MAX_TURN), angular)
        speed = np.where(active, np.clip(speed + (out[:, 1] - 0.5), -MAX_SPEED, MAX_SPEED), speed)
        next_x = x + cosine * speed
        next_y = y + sine * speed
        new_heading = heading + angular
        new_heading = np.where(new_heading > 360.0, new_heading - 360.0, new_heading)
        new_heading = np.where(new_heading < 0.0, new_heading + 360.0, new_heading)
        heading = np.where(active, new_heading, heading)
        qx = next_x[:, None] - ax
        qy = next_y[:, None] - ay
        along = np.clip((qx * ex + qy * ey) / length_squared, 0.0, 1.0)
        cx = qx - along * ex
        cy = qy - along * ey
        touches = (cx * cx + cy * cy < RADIUS * RADIUS).any(axis=1)
        move = active & ~touches
        x = np.where(move, next_x, x)
        y = np.where(move, next_y, y)
        to_goal = (x - gx) * (x - gx) + (y - gy) * (y - gy)
        stopped = stopped | (move & (to_goal < GOAL_RADIUS * GOAL_RADIUS))
    return x, y


def check(path):
    with open(path) as f:
        fixture = json.load(f)
    hidden, steps = fixture["hidden"], fixture["steps"]
    worst = 0.0
    identical = 0
    for case in fixture["cases"]:
        genome = np.array([case["genome"]], dtype=np.float64)
        x, y = simulate(load_map(case["map"]), genome, hidden, steps)
        difference = max(abs(x[0] - case["x"]), abs(y[0] - case["y"]))
        worst = max(worst, difference)
        identical += int(x[0] == case["x"] and y[0] == case["y"])
    ok = worst <= 1e-6
    print(json.dumps({"checked": len(fixture["cases"]), "bit_identical": identical,
                      "max_abs_difference": worst, "agree_to_1e-6": ok}))
    return 0 if ok else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--evaluations", type=int, default=2000)
    parser.add_argument("--map", default="medium", help="medium, hard or a map file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hidden", type=int, default=5)
    parser.add_argument("--steps", type=int, default=400)
    parser.add_argument("--batch", type=int, default=0, help="robots simulated together (0: all)")
    parser.add_argument("--check", metavar="FILE", help="compare final positions with a fixture instead")
    args = parser.parse_args()
    if args.check:
        return check(args.check)
    maze = load_map(args.map)
    size = INPUTS * args.hidden + OUTPUTS * (args.hidden + 1)
    genomes = np.random.default_rng(args.seed).uniform(-1.0, 1.0, (args.evaluations, size))
    batch = args.batch or args.evaluations
    begin = time.perf_counter()
    for first in range(0, args.evaluations, batch):
        simulate(maze, genomes[first : first + batch], args.hidden, args.steps)
    seconds = time.perf_counter() - begin
    print(json.dumps({"evals_per_second": args.evaluations / seconds, "evaluations": args.evaluations,
                      "seconds": seconds, "map": args.map, "batch": batch, "numpy": np.__version__}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
