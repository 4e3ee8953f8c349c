"""A DDPM noise schedule and its DDIM sampling steps, as Tessera's ``DiffusionSchedule``.

Stable Diffusion 2.1's settings by default: 1,000 training steps with beta linear from 1e-4
to 0.02 (numpy's ``linspace``, double precision), alpha-bar_j = prod_{i <= j} (1 - beta_i), and
50 sampling steps at timesteps 981, 961, ..., 1 ("leading" spacing with an offset of 1).
Sampling step i goes from timestep t_i = stride (steps - 1 - i) + 1 to t_i - stride, or to
timestep 0's alpha-bar at the last step. With DDIM's eta its noise has the standard deviation

    sigma_i = eta sqrt((1 - abar_prev) / (1 - abar_t) (1 - abar_t / abar_prev)),

0.56998, 0.45221, 0.36495, 0.23674 and 0.00738 at steps 0, 20, 30, 40 and 49 with eta = 1.
"""
import numpy as np


class DDIMSchedule:
    """The schedule's betas, alpha-bars and per-step quantities (all float64)."""

    def __init__(self, training_steps=1000, beta_start=1e-4, beta_end=0.02, steps=50):
        if not 2 <= steps <= training_steps <= 100_000:
            raise ValueError("need 2 <= steps <= training_steps <= 100000")
        if not 0 < beta_start <= beta_end < 1:
            raise ValueError("need 0 < beta_start <= beta_end < 1")
        self.betas = np.linspace(beta_start, beta_end, training_steps, dtype=np.float64)
        self.alpha_bars = np.cumprod(1.0 - self.betas)
        self.steps = steps
        self.stride = training_steps // steps

    def timestep(self, i):
        """The timestep of sampling step ``i``."""
        return self.stride * (self.steps - 1 - i) + 1

    def alpha_bar(self, i):
        """alpha-bar at step ``i``'s timestep."""
        return float(self.alpha_bars[self.timestep(i)])

    def previous_alpha_bar(self, i):
        """alpha-bar of the timestep step ``i`` goes to (timestep 0's at the last step)."""
        previous = self.timestep(i) - self.stride
        return float(self.alpha_bars[previous if previous >= 0 else 0])

    def sigma(self, i, eta=1.0):
        """The standard deviation of step ``i``'s noise."""
        a, previous = self.alpha_bar(i), self.previous_alpha_bar(i)
        return eta * float(np.sqrt((1 - previous) / (1 - a) * (1 - a / previous)))

    def sigmas(self, eta=1.0):
        """Every step's sigma, step 0 first."""
        return [self.sigma(i, eta) for i in range(self.steps)]
