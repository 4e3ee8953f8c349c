#!/usr/bin/env python3
"""Measurements behind the terrain backend's numbers (run by hand; a few minutes on 2 cores).

    python3 terrain_calibration.py speed                 # seconds per NFE, batched and not
    python3 terrain_calibration.py renoise               # why the noise levels stay high
    python3 terrain_calibration.py ranges --samples 32   # descriptor and reward ranges

``speed`` times the ONNX model alone at batch sizes 1 and 8 (the minimum and the median:
the machine may be shared). ``renoise`` denoises one-step
samples re-noised at a range of sigmas and reports the roughness ratio to the one-step
samples (1 = as clean as the model's own sampler). ``ranges`` samples the default sampler
(terrain_backend) at several difficulties with seeded noise and prints each difficulty's
descriptor and reward ranges: the source of ``terrain_backend.DESCRIPTOR_RANGES``.
"""
import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import heightfield_measures as measures  # noqa: E402
from terrain_backend import TerrainBackend  # noqa: E402
from terrain_model import SIGMA_MAX, SIZE, SPACING, TerrainModel, difficulty_label, heights_in_metres  # noqa: E402


def speed(model, repeats):
    rng = np.random.default_rng(0)
    model.denoise(SIGMA_MAX * rng.standard_normal((1, 1, SIZE, SIZE), dtype=np.float32), SIGMA_MAX, 0.5)
    for batch in (1, 8):
        noisy = SIGMA_MAX * rng.standard_normal((batch, 1, SIZE, SIZE), dtype=np.float32)
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            model.denoise(noisy, SIGMA_MAX, 0.5)
            times.append((time.perf_counter() - started) / batch)
        print("batch %d: seconds per NFE min %.3f, median %.3f over %d calls"
              % (batch, min(times), float(np.median(times)), repeats))


def renoise(model, samples, difficulty):
    rng = np.random.default_rng(1)
    label = difficulty_label(difficulty)
    clean = model.denoise(SIGMA_MAX * rng.standard_normal((samples, 1, SIZE, SIZE), dtype=np.float32), SIGMA_MAX, label)
    base = np.mean([measures.roughness(h) for h in heights_in_metres(clean[:, 0])])
    print("difficulty %d, one-step roughness %.4f m" % (difficulty, base))
    for sigma in (80, 60, 40, 30, 20, 10, 5, 3, 1, 0.4):
        noisy = clean + np.float32(sigma) * rng.standard_normal(clean.shape, dtype=np.float32)
        again = heights_in_metres(model.denoise(noisy, sigma, label)[:, 0])
        ratio = np.mean([measures.roughness(h) for h in again]) / base
        print("sigma %5g: roughness x %.2f" % (sigma, ratio))


def ranges(model, samples, difficulties, steps, sigma_last):
    for difficulty in difficulties:
        backend = TerrainBackend(steps=steps, difficulty=difficulty, sigma_last=sigma_last, model=model)
        rng = np.random.default_rng(1000 + difficulty)
        latents = np.zeros((samples, backend.latent_size), dtype=np.float32)
        latents[:, backend.noise_offset:] = rng.standard_normal((samples, backend.step_noise), dtype=np.float32)
        noise = rng.standard_normal((samples, steps, backend.step_noise), dtype=np.float32)
        latents, _ = backend.advance(latents, noise, 0, steps)
        outputs = backend.decode(latents)
        slope = np.array([measures.mean_slope(h, SPACING) for h in outputs])
        rough = np.array([measures.roughness(h) for h in outputs])
        passable = np.array([measures.traversable_fraction(h, SPACING) for h in outputs])
        heights = np.array([measures.relief(h) for h in outputs])
        print("difficulty %3d (%d samples; min, 10%%, median, 90%%, max):" % (difficulty, samples))
        for name, values, unit in (("mean slope", slope, "deg"), ("roughness", rough, "m"),
                                   ("traversability", passable, ""), ("relief", heights, "m")):
            q = np.quantile(values, [0, 0.1, 0.5, 0.9, 1])
            print("  %-15s %s %s" % (name, " ".join("%.4g" % v for v in q), unit))
        sys.stdout.flush()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=["speed", "renoise", "ranges"])
    parser.add_argument("--samples", type=int, default=16)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--difficulty", type=int, nargs="+", default=[1, 25, 50, 75, 100])
    parser.add_argument("--steps", type=int, default=4)
    parser.add_argument("--sigma-last", type=float, default=40.0)
    options = parser.parse_args()
    model = TerrainModel()
    if options.what == "speed":
        speed(model, options.repeats)
    elif options.what == "renoise":
        for difficulty in options.difficulty:
            renoise(model, options.samples, difficulty)
    else:
        ranges(model, options.samples, options.difficulty, options.steps, options.sigma_last)


if __name__ == "__main__":
    main()
