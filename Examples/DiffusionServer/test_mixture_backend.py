"""Tests of the exact Gaussian-mixture model and its backend against Tessera's figures."""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ddim_schedule import DDIMSchedule  # noqa: E402
from gaussian_mixture import MODE_WEIGHTS, PEAK_HEIGHTS, GaussianMixture  # noqa: E402
from mixture_backend import MixtureBackend  # noqa: E402


def sample(backend, rows, seed):
    """Outputs of ``rows`` full 50-step trajectories from seeded noise."""
    rng = np.random.default_rng(seed)
    d = backend.latent_size
    latents = rng.standard_normal((rows, d)).astype(np.float32)
    noise = rng.standard_normal((rows, backend.steps, d)).astype(np.float32)
    return backend.advance(latents, noise, 0, backend.steps)


class ScheduleTests(unittest.TestCase):
    def test_sd21_sigmas(self):
        schedule = DDIMSchedule()
        for step, sigma in [(0, 0.56998), (20, 0.45221), (30, 0.36495), (40, 0.23674), (49, 0.00738)]:
            self.assertAlmostEqual(schedule.sigma(step), sigma, places=5, msg=step)
        self.assertEqual([schedule.timestep(i) for i in (0, 1, 49)], [981, 961, 1])
        self.assertEqual(schedule.previous_alpha_bar(49), schedule.alpha_bars[0])
        self.assertAlmostEqual(schedule.betas[-1], 0.02, places=15)


class GaussianMixtureTests(unittest.TestCase):
    def test_means_and_peaks(self):
        mixture = GaussianMixture(16)
        self.assertEqual(mixture.means[3].tolist(), [0, 0, 0, 2.0] + [0] * 12)
        self.assertAlmostEqual(mixture.peaks[7][15], 0.5)
        self.assertAlmostEqual(mixture.weights.sum(), 1.0)
        with self.assertRaises(ValueError):
            GaussianMixture(7)

    def test_noise_prediction_is_the_scaled_score(self):
        """eps = -sqrt(1 - a) grad log p_a, checked with central differences to 1e-6."""
        mixture = GaussianMixture(16)
        rng = np.random.default_rng(3)
        h = 1e-5
        for step in (0, 25, 45, 49):
            a = mixture.schedule.alpha_bar(step)
            points = np.sqrt(a) * mixture.means[rng.integers(0, 8, 4)] + rng.standard_normal((4, 16)) * 0.6
            eps = mixture.noise_prediction(points, a)
            for row in range(4):
                gradient = np.zeros(16)
                for j in range(16):
                    forward, backward = points[row:row + 1].copy(), points[row:row + 1].copy()
                    forward[0, j] += h
                    backward[0, j] -= h
                    gradient[j] = (mixture.log_density(forward, a)[0] - mixture.log_density(backward, a)[0]) / (2 * h)
                np.testing.assert_allclose(eps[row], -np.sqrt(1 - a) * gradient, atol=1e-6, err_msg="step %d" % step)

    def test_modes_and_rewards(self):
        mixture = GaussianMixture(16)
        self.assertEqual(mixture.modes(mixture.means).tolist(), list(range(8)))
        self.assertEqual(mixture.modes(np.zeros((1, 16))).tolist(), [0], "a tie goes to the first mode")
        self.assertEqual(mixture.rare_target(mixture.peaks[7:8]).tolist(), [0.0])
        self.assertAlmostEqual(mixture.rare_target(np.zeros((1, 16)))[0], -(4 + 0.25) / 16)
        # Peaks are |p_j - p_k|^2 = d / 2 apart: each other peak adds a_j exp(-4) at p_k.
        heights = mixture.multi_peak(mixture.peaks)
        for k in range(8):
            expected = PEAK_HEIGHTS[k] + np.exp(-4.0) * (sum(PEAK_HEIGHTS) - PEAK_HEIGHTS[k])
            self.assertAlmostEqual(heights[k], expected, places=12)


class MixtureBackendTests(unittest.TestCase):
    def setUp(self):
        self.backend = MixtureBackend(16)

    def test_layout(self):
        hello = self.backend.hello("rare-target")
        self.assertEqual((hello["latent_shape"], hello["noise_offset"], hello["step_noise"], hello["steps"]), ([16], 0, 16, 50))
        self.assertEqual(hello["mutation"], "additive")
        self.assertAlmostEqual(hello["noise_deviations"][20], 0.45221, places=5)
        self.assertEqual(hello["descriptors"], [{"name": "mode", "low": 0.0, "high": 8.0}])
        self.assertIsNone(hello["picture"])
        self.assertEqual(hello["rewards"], ["rare-target", "multi-peak"])

    def test_mode_frequencies_match_the_weights(self):
        rows = 4000
        outputs, nfe = sample(self.backend, rows, seed=11)
        self.assertEqual(nfe, rows * 50)
        modes = self.backend.mixture.modes(outputs.astype(np.float64))
        for k, weight in enumerate(MODE_WEIGHTS):
            frequency = np.mean(modes == k)
            error = np.sqrt(weight * (1 - weight) / rows)
            self.assertLess(abs(frequency - weight), 5 * error, "mode %d: %.4f vs %.2f" % (k, frequency, weight))
        # Fifty DDIM steps give a within-mode deviation of about 0.206, not 0.25 (Docs/EvoSearch.md).
        spread = (outputs - self.backend.mixture.means[modes]).std()
        self.assertAlmostEqual(spread, 0.206, delta=0.01)
        described = self.backend.descriptor_values(list(outputs[:5]))
        self.assertEqual(described, [[m + 0.5] for m in modes[:5].tolist()])

    def test_rows_and_splits_do_not_change_the_bits(self):
        rng = np.random.default_rng(5)
        latents = rng.standard_normal((6, 16)).astype(np.float32)
        noise = rng.standard_normal((6, 50, 16)).astype(np.float32)
        whole, _ = self.backend.advance(latents, noise, 0, 50)
        first, _ = self.backend.advance(latents, noise[:, :20], 0, 20)
        split, nfe = self.backend.advance(first, noise[:, 20:], 20, 50)
        self.assertEqual(nfe, 6 * 30)
        self.assertEqual(split.tobytes(), whole.tobytes(), "0..50 equals 0..20 then 20..50")
        alone = np.concatenate([self.backend.advance(latents[i:i + 1], noise[i:i + 1], 0, 50)[0] for i in range(6)])
        self.assertEqual(alone.tobytes(), whole.tobytes(), "a row does not depend on its batch")
        small = MixtureBackend(16, batch=4)
        self.assertEqual(small.advance(latents, noise, 0, 50)[0].tobytes(), whole.tobytes())

    def test_score(self):
        mixture = self.backend.mixture
        latents = np.concatenate([mixture.peaks[7:8], mixture.means[2:3]]).astype(np.float32)
        answer = self.backend.score(latents, "rare-target")
        self.assertEqual(answer["errors"], [None, None])
        self.assertAlmostEqual(answer["rewards"][0], 0.0, places=6)
        self.assertEqual(answer["descriptors"], [[7.5], [2.5]])
        multi = self.backend.score(latents, "multi-peak")["rewards"]
        self.assertAlmostEqual(multi[0], 1.0 + np.exp(-4.0) * (sum(PEAK_HEIGHTS) - 1.0), places=6)


if __name__ == "__main__":
    unittest.main()
