"""The ``diffusers`` backend: a Stable Diffusion pipeline stepped with DDIM, for a GPU machine.

UNTESTED HERE: diffusers and torch are not installed on the machine this was written on
and no weights could be downloaded, so this module has never run. It is kept short and
follows diffusers' public API (``StableDiffusionPipeline``, ``DDIMScheduler.step`` with its
``eta`` and ``variance_noise`` arguments, ``encode_prompt``); check it on your machine first.
Install (with the torch build your GPU needs):

    python3 -m pip install torch diffusers transformers accelerate

Sampling: ``--model`` (default stabilityai/stable-diffusion-2-1-base), ``--prompt``,
classifier-free guidance ``--guidance`` (7.5), ``--steps`` DDIM steps (50) with eta = 1, as
EvoSearch's SD 2.1 setting. Latent [4, 64, 64] (from the UNet's config), all noise
(``noise_offset`` 0); each step takes one latent's worth of standard normals from the
request, passed to ``DDIMScheduler.step(..., eta=1.0, variance_noise=z)``, so the server
draws no noise of its own. Mutation ``additive`` with ``noise_deviations`` the DDIM sigmas
sqrt((1 - abar_prev) / (1 - abar_t) (1 - abar_t / abar_prev)). One NFE per row and step (the
guided pair of UNet evaluations counts once, as in the paper).

Rewards on the decoded images (RGB in [0, 1]): ``brightness`` (mean Rec. 709 luma) and
``saturation`` (mean HSV saturation, (max - min) / max); ``--reward-module path.py`` adds the
file's ``reward(images) -> list[float]`` (``images``: a list of H x W x 3 float numpy arrays
in [0, 1]) under the name in its ``NAME`` (default ``custom``), and makes it the default.
Descriptors: brightness and saturation, both in [0, 1]. No picture.
"""
import importlib.util
import os

import numpy as np

from backend import Backend

DEFAULT_MODEL = "stabilityai/stable-diffusion-2-1-base"
DEFAULT_PROMPT = "a photograph of a mountain landscape at sunrise"
INSTALL = "python3 -m pip install torch diffusers transformers accelerate"


def brightness(image):
    """Mean Rec. 709 luma of an H x W x 3 image in [0, 1]."""
    return float(np.mean(image[..., :3] @ np.array([0.2126, 0.7152, 0.0722])))


def saturation(image):
    """Mean HSV saturation, (max - min) / max (0 where max is 0)."""
    high, low = image[..., :3].max(axis=-1), image[..., :3].min(axis=-1)
    return float(np.mean(np.where(high > 0, (high - low) / np.maximum(high, 1e-12), 0.0)))


def load_reward_module(path):
    """(name, function) of a user's reward file."""
    spec = importlib.util.spec_from_file_location("tessera_user_reward", os.path.abspath(path))
    if spec is None or spec.loader is None:
        raise ImportError("cannot load %s" % path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not callable(getattr(module, "reward", None)):
        raise ImportError("%s defines no reward(images) function" % path)
    return str(getattr(module, "NAME", "custom")), module.reward


class DiffusersBackend(Backend):
    """Stable Diffusion, one DDIM step per protocol step."""

    mutation = "additive"
    noise_offset = 0
    picture = None
    default_batch = 4
    rewards = {
        "brightness": "mean Rec. 709 luma of the decoded image, in [0, 1]",
        "saturation": "mean HSV saturation of the decoded image, in [0, 1]",
    }
    descriptors = [{"name": "brightness", "low": 0.0, "high": 1.0}, {"name": "saturation", "low": 0.0, "high": 1.0}]

    def __init__(self, model=None, prompt=None, guidance=None, steps=50, device=None, reward_module=None,
                 reward=None, batch=None):
        custom = load_reward_module(reward_module) if reward_module else None
        if custom is not None:
            self.rewards = dict(self.rewards)
            self.rewards[custom[0]] = "reward() of %s" % os.path.basename(reward_module)
            self.custom = custom
            reward = reward or custom[0]
        super().__init__(reward, batch)
        try:
            import torch
            from diffusers import DDIMScheduler, StableDiffusionPipeline
        except ImportError as error:
            raise ImportError("the diffusers backend needs torch and diffusers (%s): %s" % (INSTALL, error))
        self.torch = torch
        self.device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        self.dtype = torch.float16 if self.device.startswith("cuda") else torch.float32
        name = model or DEFAULT_MODEL
        pipe = StableDiffusionPipeline.from_pretrained(name, torch_dtype=self.dtype)
        pipe.scheduler = DDIMScheduler.from_config(pipe.scheduler.config)
        pipe = pipe.to(self.device)
        pipe.set_progress_bar_config(disable=True)
        pipe.scheduler.set_timesteps(steps, device=self.device)
        self.pipe, self.scheduler = pipe, pipe.scheduler
        self.guidance = 7.5 if guidance is None else float(guidance)
        with torch.no_grad():
            positive, negative = pipe.encode_prompt(prompt or DEFAULT_PROMPT, device=self.device, num_images_per_prompt=1,
                                                    do_classifier_free_guidance=self.guidance > 1.0)
        self.positive, self.negative = positive, negative
        size = pipe.unet.config.sample_size
        self.latent_shape = (pipe.unet.config.in_channels, size, size)
        self.step_noise = int(np.prod(self.latent_shape))
        self.steps = steps
        self.noise_deviations = self._sigmas()
        self.model = "%s, DDIM %d steps, eta = 1, guidance %g, prompt %r" % (name, steps, self.guidance,
                                                                               prompt or DEFAULT_PROMPT)

    def _sigmas(self):
        """The DDIM sigmas (eta = 1) of every step, from the scheduler's public schedule."""
        alphas = self.scheduler.alphas_cumprod.double().cpu().numpy()
        final = float(self.scheduler.final_alpha_cumprod)
        stride = self.scheduler.config.num_train_timesteps // self.steps
        sigmas = []
        for t in self.scheduler.timesteps.cpu().numpy().tolist():
            a = alphas[t]
            previous = alphas[t - stride] if t - stride >= 0 else final
            sigmas.append(float(np.sqrt((1 - previous) / (1 - a) * (1 - a / previous))))
        return sigmas

    def advance_batch(self, latents, noise, start, end):
        torch, n = self.torch, len(latents)
        shape = (n,) + tuple(self.latent_shape)
        guided = self.guidance > 1.0
        with torch.no_grad():
            x = torch.from_numpy(np.ascontiguousarray(latents)).reshape(shape).to(self.device, self.dtype)
            embeddings = self.positive.expand(n, -1, -1)
            if guided:
                embeddings = torch.cat([self.negative.expand(n, -1, -1), embeddings])
            for offset, i in enumerate(range(start, end)):
                t = self.scheduler.timesteps[i]
                model_input = self.scheduler.scale_model_input(torch.cat([x, x]) if guided else x, t)
                eps = self.pipe.unet(model_input, t, encoder_hidden_states=embeddings).sample
                if guided:
                    unconditional, conditional = eps.chunk(2)
                    eps = unconditional + self.guidance * (conditional - unconditional)
                z = torch.from_numpy(np.ascontiguousarray(noise[:, offset])).reshape(shape).to(self.device, self.dtype)
                x = self.scheduler.step(eps, t, x, eta=1.0, variance_noise=z).prev_sample
        return x.float().cpu().numpy().reshape(n, -1), n * (end - start)

    def decode(self, latents):
        torch, vae = self.torch, self.pipe.vae
        shape = (len(latents),) + tuple(self.latent_shape)
        with torch.no_grad():
            x = torch.from_numpy(np.ascontiguousarray(latents)).reshape(shape).to(self.device, self.dtype)
            images = vae.decode(x / vae.config.scaling_factor).sample
            images = (images / 2 + 0.5).clamp(0, 1).permute(0, 2, 3, 1).float().cpu().numpy()
        return [image.astype(np.float64) for image in images]

    def reward_values(self, name, outputs):
        if name == "brightness":
            return [brightness(image) for image in outputs]
        if name == "saturation":
            return [saturation(image) for image in outputs]
        if getattr(self, "custom", None) and name == self.custom[0]:
            return list(self.custom[1](list(outputs)))
        raise ValueError("unknown reward %r" % name)

    def descriptor_values(self, outputs):
        return [[brightness(image), saturation(image)] for image in outputs]
