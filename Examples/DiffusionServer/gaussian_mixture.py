"""The exact Gaussian-mixture diffusion model of Tessera's EvoSearch, in numpy (float64).

The same model as Tessera's ``GaussianMixtureDiffusion`` and ``MixtureReward``
(Docs/EvoSearch.md, "The built-in exact model"):

- Data: K = 8 isotropic Gaussians in d dimensions, means mu_k = R e_k with R = sqrt(d) / 2,
  standard deviation s = 0.25, weights 0.16 (modes 0-5) and 0.02 (modes 6 and 7).
- Exact noise prediction at alpha-bar a, with v = a s^2 + 1 - a:
  eps(x) = (sqrt(1 - a) / v) sum_k gamma_k(x) (x - sqrt(a) mu_k),
  gamma_k proportional to w_k exp(-|x - sqrt(a) mu_k|^2 / (2 v)); it is
  -sqrt(1 - a) grad log p_a(x).
- Sampler: SD 2.1's 50 DDIM steps with eta = 1 (``ddim_schedule``):
  x0 = (x - sqrt(1 - a) eps) / sqrt(a),
  x' = sqrt(a_prev) x0 + sqrt(1 - a_prev - sigma^2) eps + sigma z.
- Mode of an output: argmax_k log w_k - |x - mu_k|^2 / (2 s^2) (the first on ties).
- Rewards, with u = e_{d-1} and o = s sqrt(d) / 2 u:
  ``rare-target`` -|x - (mu_7 + o)|^2 / d;
  ``multi-peak`` sum_k a_k exp(-|x - (mu_k + o)|^2 / (2 d s^2)), a = 0.5, 0.55, ..., 0.75, 0.9, 1.

Rows are independent: every sum runs along one row, never across rows, so a row's numbers
do not depend on the batch it comes in.
"""
import numpy as np

from ddim_schedule import DDIMSchedule

MODE_COUNT = 8
MODE_WEIGHTS = (0.16, 0.16, 0.16, 0.16, 0.16, 0.16, 0.02, 0.02)
PEAK_HEIGHTS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.9, 1.0)
MODE_DEVIATION = 0.25
MAXIMUM_DIMENSION = 4096


class GaussianMixture:
    """The model in ``dimension`` dimensions (8 ... 4096)."""

    def __init__(self, dimension=16):
        if not MODE_COUNT <= dimension <= MAXIMUM_DIMENSION:
            raise ValueError("the dimension must be in %d...%d (got %d)" % (MODE_COUNT, MAXIMUM_DIMENSION, dimension))
        self.dimension = dimension
        self.means = np.zeros((MODE_COUNT, dimension))
        self.means[np.arange(MODE_COUNT), np.arange(MODE_COUNT)] = 0.5 * np.sqrt(dimension)
        self.weights = np.array(MODE_WEIGHTS)
        self.log_weights = np.log(self.weights)
        self.deviation = MODE_DEVIATION
        self.schedule = DDIMSchedule()
        offset = np.zeros(dimension)
        offset[-1] = 0.5 * self.deviation * np.sqrt(dimension)
        self.peaks = self.means + offset

    @property
    def steps(self):
        """The sampling steps (50)."""
        return self.schedule.steps

    def _logits(self, x, scale, variance):
        """log w_k - |x - scale mu_k|^2 / (2 variance) for (n, d) rows: (n, K)."""
        difference = x[:, None, :] - scale * self.means[None, :, :]
        return self.log_weights[None, :] - np.sum(difference * difference, axis=-1) / (2 * variance)

    def noise_prediction(self, x, alpha_bar):
        """eps(x) at noise level ``alpha_bar`` for (n, d) float64 rows."""
        scale, variance = np.sqrt(alpha_bar), alpha_bar * self.deviation ** 2 + 1 - alpha_bar
        gamma = self._logits(x, scale, variance)
        gamma = np.exp(gamma - gamma.max(axis=1, keepdims=True))
        gamma /= gamma.sum(axis=1, keepdims=True)
        center = np.sum(gamma[:, :, None] * self.means[None, :, :], axis=1)
        return np.sqrt(1 - alpha_bar) / variance * (x - scale * center)

    def log_density(self, x, alpha_bar):
        """log p(x) of the data noised to ``alpha_bar``, for (n, d) rows: (n,)."""
        variance = alpha_bar * self.deviation ** 2 + 1 - alpha_bar
        logits = self._logits(x, np.sqrt(alpha_bar), variance)
        top = logits.max(axis=1)
        return top + np.log(np.exp(logits - top[:, None]).sum(axis=1)) - 0.5 * self.dimension * np.log(2 * np.pi * variance)

    def step(self, x, i, z):
        """DDIM step ``i`` (eta = 1) of (n, d) float64 rows with standard normals ``z``."""
        schedule = self.schedule
        a, previous, sigma = schedule.alpha_bar(i), schedule.previous_alpha_bar(i), schedule.sigma(i)
        eps = self.noise_prediction(x, a)
        predicted = (x - np.sqrt(1 - a) * eps) / np.sqrt(a)
        direction = np.sqrt(max(0.0, 1 - previous - sigma * sigma))
        return np.sqrt(previous) * predicted + direction * eps + sigma * z

    def modes(self, x):
        """The mode of every (n, d) output row: (n,) integers."""
        return np.argmax(self._logits(x, 1.0, self.deviation ** 2), axis=1)

    def rare_target(self, x):
        """``rare-target`` of every (n, d) row."""
        difference = x - self.peaks[MODE_COUNT - 1]
        return -np.sum(difference * difference, axis=1) / self.dimension

    def multi_peak(self, x):
        """``multi-peak`` of every (n, d) row."""
        difference = x[:, None, :] - self.peaks[None, :, :]
        squared = np.sum(difference * difference, axis=-1)
        bumps = np.array(PEAK_HEIGHTS)[None, :] * np.exp(-squared / (2 * self.dimension * self.deviation ** 2))
        return bumps.sum(axis=1)
