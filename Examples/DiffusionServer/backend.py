"""What a model behind the denoising-generator protocol provides: the ``Backend`` base class.

A backend declares its latent layout and sampler (the fields of the ``/v1/hello`` answer),
advances a batch of latents through sampling steps with noise it is given, and decodes final
latents to outputs whose rewards and descriptors it computes. The HTTP side
(``protocol_handler``) checks every request before a backend sees it, so a backend receives
well-formed float32 arrays of the right sizes and ``0 <= start < end <= steps``.
"""
import math

import numpy as np

PROTOCOL = "tessera-denoising/1"


class Backend:
    """The base of every backend; subclasses set the attributes and override
    ``advance_batch``, ``decode`` and ``reward_values`` (and ``descriptor_values`` when they
    declare descriptors)."""

    #: A one-line description of the model.
    model = ""
    #: The latent's shape, outermost first.
    latent_shape = ()
    #: Where the latent's noise starts.
    noise_offset = 0
    #: Standard normals each step consumes per row.
    step_noise = 0
    #: Sampling steps from noise to output.
    steps = 0
    #: ``steps`` numbers: sigma_t of the additive mutation at each step.
    noise_deviations = ()
    #: ``"additive"`` or ``"noise"``.
    mutation = "additive"
    #: The rewards offered: name -> one-line description, the first the default.
    rewards = {}
    #: ``[{"name", "low", "high"}]``: the outputs' descriptors and their bounds.
    descriptors = []
    #: ``{"offset", "width", "height"}`` of a picture inside the final latent, or None.
    picture = None
    #: Rows per model call unless ``--batch`` says otherwise.
    default_batch = 16

    def __init__(self, reward=None, batch=None):
        self.default_reward = reward or next(iter(self.rewards))
        if self.default_reward not in self.rewards:
            raise ValueError("unknown reward %r: one of %s" % (self.default_reward, ", ".join(self.rewards)))
        self.batch = int(batch or self.default_batch)
        if self.batch < 1:
            raise ValueError("--batch must be at least 1")

    @property
    def latent_size(self):
        """L: the numbers in one latent."""
        return int(np.prod(self.latent_shape))

    def hello(self, reward):
        """The ``/v1/hello`` answer with ``reward`` (a name this backend offers) in use."""
        return {
            "protocol": PROTOCOL,
            "model": self.model,
            "latent_shape": [int(n) for n in self.latent_shape],
            "noise_offset": int(self.noise_offset),
            "step_noise": int(self.step_noise),
            "steps": int(self.steps),
            "noise_deviations": [float(s) for s in self.noise_deviations],
            "mutation": self.mutation,
            "reward": {"name": reward, "description": self.rewards[reward]},
            "rewards": list(self.rewards),
            "descriptors": [dict(d) for d in self.descriptors],
            "picture": None if self.picture is None else dict(self.picture),
        }

    # -- Sampling -------------------------------------------------------------------------

    def advance(self, latents, noise, start, end):
        """Applies steps ``start ..< end`` to every row, ``batch`` rows per model call.

        ``latents`` is (n, L) float32, ``noise`` (n, end - start, step_noise) float32.
        Returns the new (n, L) float32 latents and the NFE spent.
        """
        parts, nfe = [], 0
        for first in range(0, len(latents), self.batch):
            rows = slice(first, first + self.batch)
            advanced, spent = self.advance_batch(latents[rows], noise[rows], start, end)
            parts.append(np.asarray(advanced, dtype=np.float32).reshape(-1, self.latent_size))
            nfe += int(spent)
        return np.concatenate(parts, axis=0), nfe

    def advance_batch(self, latents, noise, start, end):
        """``advance`` on at most ``batch`` rows: (latents, nfe)."""
        raise NotImplementedError

    # -- Scoring --------------------------------------------------------------------------

    def decode(self, latents):
        """The outputs of final (n, L) latents, a sequence of n (any type the rewards read)."""
        raise NotImplementedError

    def reward_values(self, name, outputs):
        """The rewards of ``outputs`` under reward ``name``: n numbers (an exception fails
        every row with its message)."""
        raise NotImplementedError

    def descriptor_values(self, outputs):
        """The descriptors of ``outputs``: n lists of ``len(descriptors)`` numbers."""
        return [[] for _ in outputs]

    def score(self, latents, reward):
        """The ``/v1/score`` answer for final (n, L) latents under reward ``reward``.

        Decoding errors propagate (the server answers 500); a reward or descriptor function
        that raises, a non-finite number or a wrong count fails rows, each saying why.
        """
        n = len(latents)
        outputs = []
        for first in range(0, n, self.batch):
            outputs.extend(self.decode(latents[first:first + self.batch]))
        rewards, descriptors, errors = [None] * n, [None] * n, [None] * n
        try:
            values = list(self.reward_values(reward, outputs))
            if len(values) != n:
                raise ValueError("the reward gave %d values for %d outputs" % (len(values), n))
        except Exception as exception:  # noqa: BLE001 - a failing reward fails its rows
            values = [None] * n
            for row in range(n):
                errors[row] = one_line(exception)
        try:
            described = list(self.descriptor_values(outputs))
            if len(described) != n:
                raise ValueError("the descriptors gave %d rows for %d outputs" % (len(described), n))
        except Exception as exception:  # noqa: BLE001
            described = [None] * n
            for row in range(n):
                errors[row] = errors[row] or one_line(exception)
        for row in range(n):
            if errors[row] is not None:
                continue
            value, found = values[row], described[row]
            try:
                value = float(value)
            except (TypeError, ValueError):
                errors[row] = "the reward is not a number (%r)" % (value,)
                continue
            if not math.isfinite(value):
                errors[row] = "a non-finite reward (%r)" % value
                continue
            try:
                found = [float(v) for v in found]
            except (TypeError, ValueError):
                errors[row] = "the descriptors are not a list of numbers (%r)" % (found,)
                continue
            if len(found) != len(self.descriptors):
                errors[row] = "%d descriptors, expected %d" % (len(found), len(self.descriptors))
                continue
            if not all(math.isfinite(v) for v in found):
                errors[row] = "a non-finite descriptor (%r)" % (found,)
                continue
            rewards[row], descriptors[row] = value, found
        errors = [None if error is None else error.replace("\n", " ")[:300] for error in errors]
        return {"rewards": rewards, "descriptors": descriptors, "errors": errors}


def one_line(exception):
    """``Type: message`` on one line, at most 300 characters."""
    return ("%s: %s" % (type(exception).__name__, exception)).replace("\n", " ").strip()[:300]
