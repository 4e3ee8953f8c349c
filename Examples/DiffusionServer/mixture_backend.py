"""The ``mixture`` backend: Tessera's exact Gaussian-mixture model behind the protocol.

Latent shape [d], all noise (``noise_offset`` 0); each of the 50 DDIM steps (eta = 1) takes
d standard normals per row from the request; ``mutation`` is ``additive`` with
``noise_deviations`` the 50 DDIM sigmas. Arithmetic is float64; the state is rounded to
float32 after every step, as it would be between requests, so advancing 0 -> 50 in one
request or in several gives the same bits. Rewards ``rare-target`` (the default) and
``multi-peak``; one descriptor, ``mode`` in [0, 8], the mode of the output plus 0.5 (the
middle of its cell when Tessera cuts [0, 8] into 8 cells). No picture.
"""
import numpy as np

from backend import Backend
from gaussian_mixture import MODE_COUNT, GaussianMixture


class MixtureBackend(Backend):
    """Tessera's built-in model over HTTP, for checking a remote search against the built-in one."""

    mutation = "additive"
    noise_offset = 0
    rewards = {
        "rare-target": "-|x - c|^2 / d with c beside the rarest mode (mu_7 + s sqrt(d) / 2 e_{d-1})",
        "multi-peak": "sum_k a_k exp(-|x - p_k|^2 / (2 d s^2)): a peak beside every mode, the rare ones highest",
    }
    descriptors = [{"name": "mode", "low": 0.0, "high": float(MODE_COUNT)}]
    picture = None
    default_batch = 256

    def __init__(self, dimension=16, reward=None, batch=None):
        super().__init__(reward, batch)
        self.mixture = GaussianMixture(dimension)
        self.model = ("exact Gaussian mixture (K = 8, s = 0.25) in %d dimensions, SD 2.1 DDIM schedule, "
                      "50 steps, eta = 1" % dimension)
        self.latent_shape = (dimension,)
        self.step_noise = dimension
        self.steps = self.mixture.steps
        self.noise_deviations = self.mixture.schedule.sigmas()

    def advance_batch(self, latents, noise, start, end):
        x = np.asarray(latents, dtype=np.float64)
        for offset, i in enumerate(range(start, end)):
            z = np.asarray(noise[:, offset, :], dtype=np.float64)
            x = self.mixture.step(x, i, z).astype(np.float32).astype(np.float64)
        return x.astype(np.float32), len(latents) * (end - start)

    def decode(self, latents):
        return list(np.asarray(latents, dtype=np.float64))

    def reward_values(self, name, outputs):
        x = np.asarray(outputs, dtype=np.float64).reshape(len(outputs), -1)
        if name == "rare-target":
            return self.mixture.rare_target(x).tolist()
        if name == "multi-peak":
            return self.mixture.multi_peak(x).tolist()
        raise ValueError("unknown reward %r" % name)

    def descriptor_values(self, outputs):
        x = np.asarray(outputs, dtype=np.float64).reshape(len(outputs), -1)
        return [[float(mode) + 0.5] for mode in self.mixture.modes(x)]
