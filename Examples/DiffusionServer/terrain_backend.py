"""The ``terrain`` backend: adaptive-terrain-diffusion's consistency UNet behind the protocol.

Latent: shape [2, 128, 128] = [context x0 ; noise z], L = 32,768, ``noise_offset`` 16,384;
the context is the model's last denoised estimate (zero in the initial latent), in model
units. Mutation ``noise``: Tessera changes z alone, so z stays N(0, I) given the context.

Multi-step consistency sampling with S = ``--steps`` noise levels sigma_0 > ... > sigma_{S-1}
and one network call per row and step. Step i:

    noisy = x0 + sigma_i z,   x0' = model(noisy, sigma_i, difficulty),   latent' = [x0' ; z_i]

where z is the latent's noise and z_i the request's noise for step i: step i's noise is the
z the latent carries into it (the one a mutation at evolution step i changes), and z_i is
kept for step i + 1. At step 0 the context is zero, so noisy = 80 z: exactly the package's
one-step sampler (``TerrainGenerator.generate`` denoises 80 * N(0, I) at sigma 80). The
final latent's context is the output heightfield.

The noise levels are geometric from sigma_max = 80 down to ``--sigma-last`` (40 by default):
sigma_i = 80 (sigma_last / 80)^(i / (S - 1)); with S = 4: 80, 63.5, 50.4, 40. Why so high:
the model is distilled for one step from sigma = 80 (the package refuses other step counts)
and only denoises cleanly at high noise. Measured on this machine (README,
``terrain_calibration.py renoise``), re-noising a one-step sample at sigma and denoising it
again leaves the roughness about unchanged at sigma >= 30 but multiplies it by 1.35 at 20,
2.6 at 10, 13-15 at 3 and 33-37 at 1 (visible noise), so the usual consistency schedules
(Karras rho = 7: 80, 17.5, 2.5, 0.17 for four steps) give noisy terrain. At sigma 30...80
each step keeps part of the context's large-scale layout and redraws the detail: later steps
are variations of the current terrain, which is what EvoSearch's later evolution steps need.

Outputs: the context decoded to metres (``terrain_model.heights_in_metres``) on a 0.1 m grid.
Rewards (``heightfield_measures``): ``traversability`` (the fraction of cells with a slope
below 15 degrees, the default), ``target-slope`` (minus the absolute difference between the
mean slope and ``--target-slope`` degrees, 10 by default) and ``relief`` (highest minus
lowest point, metres). Descriptors: ``mean slope`` (degrees) and ``roughness`` (metres),
with bounds measured at the chosen difficulty (``DESCRIPTOR_RANGES``, from
terrain_calibration.py; values outside are allowed).
"""
import numpy as np

import heightfield_measures as measures
from backend import Backend
from terrain_model import SIGMA_MAX, SIZE, SPACING, TerrainModel, difficulty_label, heights_in_metres

#: Measured descriptor ranges with the default sampler (4 steps, sigma_last 40): for each
#: difficulty, (lowest mean slope, highest mean slope, lowest roughness, highest roughness)
#: seen over 32 samples (``terrain_calibration.py ranges --samples 32``), in degrees and
#: metres, rounded outwards to two digits. Another difficulty interpolates linearly. The
#: upper tails are long (difficulty 50: median 8.4 degrees, 90% below 12.4, one sample at
#: 46), and a search may go further still; Tessera clips values outside into its grid.
DESCRIPTOR_RANGES = {
    1: (2.4, 9.9, 0.0020, 0.0091),
    25: (3.7, 9.7, 0.0026, 0.0090),
    50: (5.1, 47.0, 0.0036, 0.068),
    75: (8.2, 31.0, 0.0067, 0.036),
    100: (12.0, 45.0, 0.0088, 0.074),
}


def noise_levels(steps, sigma_last=40.0):
    """The S noise levels, geometric from 80 to ``sigma_last`` (just 80 when S = 1)."""
    if not 1 <= steps <= 1000:
        raise ValueError("--steps must be in 1...1000 (got %d)" % steps)
    if not 0 < sigma_last <= SIGMA_MAX:
        raise ValueError("--sigma-last must be in (0, %g] (got %g)" % (SIGMA_MAX, sigma_last))
    if steps == 1:
        return [SIGMA_MAX]
    return [float(SIGMA_MAX * (sigma_last / SIGMA_MAX) ** (i / (steps - 1))) for i in range(steps)]


def descriptor_bounds(difficulty):
    """[(low, high) of mean slope, (low, high) of roughness] at ``difficulty``."""
    known = sorted(DESCRIPTOR_RANGES)
    columns = np.array([DESCRIPTOR_RANGES[d] for d in known], dtype=np.float64)
    row = [float(np.interp(difficulty, known, columns[:, c])) for c in range(4)]
    return [(row[0], row[1]), (row[2], row[3])]


class TerrainBackend(Backend):
    """Difficulty-conditioned 128 x 128 terrain heightfields from a real consistency model."""

    latent_shape = (2, SIZE, SIZE)
    noise_offset = SIZE * SIZE
    step_noise = SIZE * SIZE
    mutation = "noise"
    picture = {"offset": 0, "width": SIZE, "height": SIZE}
    rewards = {
        "traversability": "the fraction of cells whose slope is below 15 degrees (0.1 m grid)",
        "target-slope": "minus the absolute difference between the mean slope and the target (degrees)",
        "relief": "the highest point minus the lowest, in metres",
    }
    default_batch = 8

    def __init__(self, steps=4, difficulty=50, sigma_last=None, target_slope=None, reward=None, batch=None, model=None):
        super().__init__(reward, batch)
        self.sigmas = noise_levels(steps, 40.0 if sigma_last is None else sigma_last)
        self.difficulty = int(difficulty)
        self.label = difficulty_label(difficulty)
        self.target_slope = 10.0 if target_slope is None else float(target_slope)
        self.network = model or TerrainModel()
        self.steps = steps
        self.noise_deviations = self.sigmas
        self.model = ("adaptive-terrain-diffusion 0.4.2 consistency UNet, 128x128 heightfields, difficulty %d, "
                      "%d-step consistency sampling at sigma %s (ONNX Runtime, %s)"
                      % (self.difficulty, steps, ", ".join("%.3g" % s for s in self.sigmas), self.network.provider))
        self.rewards = dict(self.rewards)
        self.rewards["target-slope"] = "minus |mean slope - %g| in degrees (0.1 m grid)" % self.target_slope
        (slope_low, slope_high), (rough_low, rough_high) = descriptor_bounds(self.difficulty)
        self.descriptors = [{"name": "mean slope", "low": slope_low, "high": slope_high},
                            {"name": "roughness", "low": rough_low, "high": rough_high}]

    def advance_batch(self, latents, noise, start, end):
        n, half = len(latents), SIZE * SIZE
        context = np.array(latents[:, :half], dtype=np.float32)
        z = np.array(latents[:, half:], dtype=np.float32)
        for offset, i in enumerate(range(start, end)):
            sigma = np.float32(self.sigmas[i])
            noisy = (context + sigma * z).reshape(n, 1, SIZE, SIZE)
            context = self.network.denoise(noisy, sigma, self.label).reshape(n, half).astype(np.float32)
            z = np.array(noise[:, offset, :], dtype=np.float32)
        return np.concatenate([context, z], axis=1), n * (end - start)

    def decode(self, latents):
        fields = np.asarray(latents, dtype=np.float32)[:, :SIZE * SIZE].reshape(-1, SIZE, SIZE)
        return list(heights_in_metres(fields))

    def reward_values(self, name, outputs):
        if name == "traversability":
            return [measures.traversable_fraction(h, SPACING) for h in outputs]
        if name == "target-slope":
            return [-abs(measures.mean_slope(h, SPACING) - self.target_slope) for h in outputs]
        if name == "relief":
            return [measures.relief(h) for h in outputs]
        raise ValueError("unknown reward %r" % name)

    def descriptor_values(self, outputs):
        return [[measures.mean_slope(h, SPACING), measures.roughness(h)] for h in outputs]
