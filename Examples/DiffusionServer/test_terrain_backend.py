"""Tests of the terrain backend on the real model of adaptive-terrain-diffusion 0.4.2.

They need the package and onnxruntime (Scripts/setup-terrain-model.sh) and fail when either
is missing; set TESSERA_SKIP_TERRAIN=1 to skip them explicitly. Two steps and one or two
rows keep them to a few seconds.
"""
import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from server_process import ServerProcess  # noqa: E402
from wire_tensor import decode, encode  # noqa: E402

SKIP = os.environ.get("TESSERA_SKIP_TERRAIN") == "1"
SIZE = 128
HALF = SIZE * SIZE


def initial_latents(rows, seed):
    """Tessera's initial latents: zeros, then N(0, 1) noise."""
    latents = np.zeros((rows, 2 * HALF), dtype=np.float32)
    latents[:, HALF:] = np.random.default_rng(seed).standard_normal((rows, HALF))
    return latents


def step_noise(rows, steps, seed):
    return np.random.default_rng(seed + 1).standard_normal((rows, steps, HALF)).astype(np.float32)


def ruggedness(field):
    """std of the discrete Laplacian over std of the field: about 4.5 for white noise."""
    f = np.asarray(field, dtype=np.float64).reshape(SIZE, SIZE)
    laplacian = f[1:-1, :-2] + f[1:-1, 2:] + f[:-2, 1:-1] + f[2:, 1:-1] - 4 * f[1:-1, 1:-1]
    return laplacian.std() / f.std()


@unittest.skipIf(SKIP, "TESSERA_SKIP_TERRAIN=1")
class TerrainModelTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # No skip when the package or onnxruntime is missing: these raise, loudly.
        from terrain_backend import TerrainBackend
        from terrain_model import TerrainModel
        cls.model = TerrainModel()
        cls.backend = TerrainBackend(steps=2, difficulty=50, model=cls.model)

    def test_pinned_constants_are_the_packages(self):
        import terrain_diffusion
        import terrain_model
        generator = terrain_diffusion.TerrainGenerator
        self.assertEqual(terrain_diffusion.__version__, terrain_model.VERSION)
        for name in ("sigma_min", "sigma_max", "sigma_data", "height_range", "asinh_scale", "native_size", "num_classes"):
            ours = {"native_size": "SIZE", "num_classes": "DIFFICULTIES"}.get(name, name.upper())
            self.assertEqual(getattr(terrain_model, ours), getattr(generator, name), name)

    def test_noise_levels(self):
        from terrain_backend import noise_levels
        np.testing.assert_allclose(noise_levels(4), [80, 80 * 0.5 ** (1 / 3), 80 * 0.5 ** (2 / 3), 40])
        self.assertEqual(noise_levels(1), [80.0])
        self.assertEqual(noise_levels(2, 30.0), [80.0, 30.0])
        for bad in ((0, 40.0), (3, 0.0), (3, 81.0)):
            with self.assertRaises(ValueError):
                noise_levels(*bad)

    def test_step_zero_is_the_packages_one_step_sampler(self):
        """Step 0 denoises 80 z at sigma 80: what TerrainGenerator.generate does with the same z."""
        from terrain_diffusion import TerrainGenerator
        from terrain_model import heights_in_metres
        seed = 17
        z = np.random.default_rng(seed).standard_normal((1, 1, SIZE, SIZE), dtype=np.float32)
        latents = np.zeros((1, 2 * HALF), dtype=np.float32)
        latents[:, HALF:] = z.reshape(1, HALF)
        ours, nfe = self.backend.advance(latents, step_noise(1, 1, seed), 0, 1)
        self.assertEqual(nfe, 1)
        theirs = TerrainGenerator(device="cpu").generate(1, difficulty=50, seed=seed)
        np.testing.assert_allclose(heights_in_metres(ours[0, :HALF].reshape(SIZE, SIZE)), theirs[0], atol=1e-5)

    def test_sampling_scoring_and_bits(self):
        backend = self.backend
        latents, noise = initial_latents(2, seed=3), step_noise(2, 2, seed=3)
        whole, nfe = backend.advance(latents, noise, 0, 2)
        self.assertEqual(nfe, 4)
        self.assertEqual(whole[:, HALF:].tobytes(), noise[:, 1].tobytes(), "the latent keeps the last step's noise")
        for row in range(2):
            self.assertLess(ruggedness(whole[row, :HALF]), 1.0, "a terrain, not noise")
            self.assertGreater(ruggedness(latents[row, HALF:]), 4.0)
            self.assertGreater(whole[row, :HALF].std(), 1e-3, "not flat")
        first, _ = backend.advance(latents[:1], noise[:1, :1], 0, 1)
        split, _ = backend.advance(first, noise[:1, 1:], 1, 2)
        self.assertEqual(split.tobytes(), whole[:1].tobytes(), "0..1 then 1..2 equals 0..2")
        alone, _ = backend.advance(latents[1:], noise[1:], 0, 2)
        np.testing.assert_allclose(alone, whole[1:], atol=1e-5, err_msg="a row barely depends on its batch")
        answer = backend.score(whole, "traversability")
        self.assertEqual(answer["errors"], [None, None])
        for reward, found in zip(answer["rewards"], answer["descriptors"]):
            self.assertTrue(0.0 <= reward <= 1.0)
            self.assertEqual(len(found), 2)
            self.assertTrue(all(np.isfinite(found)))
        target = backend.score(whole, "target-slope")["rewards"]
        slopes = [found[0] for found in answer["descriptors"]]
        np.testing.assert_allclose(target, [-abs(s - 10.0) for s in slopes])


@unittest.skipIf(SKIP, "TESSERA_SKIP_TERRAIN=1")
class TerrainServerTests(unittest.TestCase):
    def test_hello_advance_score(self):
        with ServerProcess(["--backend", "terrain", "--steps", "2", "--difficulty", "70"]) as server:
            hello = server.hello("target-slope")
            self.assertEqual((hello["latent_shape"], hello["noise_offset"], hello["step_noise"], hello["steps"]),
                             ([2, SIZE, SIZE], HALF, HALF, 2))
            self.assertEqual(hello["mutation"], "noise")
            self.assertEqual(hello["noise_deviations"], [80.0, 40.0])
            self.assertEqual(hello["picture"], {"offset": 0, "width": SIZE, "height": SIZE})
            self.assertEqual(hello["rewards"], ["traversability", "target-slope", "relief"])
            self.assertEqual(hello["reward"]["name"], "target-slope")
            self.assertEqual([d["name"] for d in hello["descriptors"]], ["mean slope", "roughness"])
            self.assertTrue(all(0 <= d["low"] < d["high"] for d in hello["descriptors"]))
            self.assertIn("difficulty 70", hello["model"])
            body = {"from": 0, "to": 2, "rows": 1, "latents": encode(initial_latents(1, seed=5)),
                    "noise": encode(step_noise(1, 2, seed=5))}
            first = server.request("/v1/advance", body)
            second = server.request("/v1/advance", body)
            self.assertEqual(first[0], 200)
            self.assertEqual(first[1], second[1], "the same request twice gives the same bytes")
            status, answer = server.post("/v1/advance", body)
            self.assertEqual(answer["nfe"], 2)
            final = decode(answer["latents"], count=2 * HALF)
            self.assertLess(ruggedness(final[:HALF]), 1.0)
            status, scored = server.post("/v1/score", {"rows": 1, "latents": answer["latents"]})
            self.assertEqual(status, 200)
            self.assertEqual(scored["errors"], [None])
            self.assertTrue(np.isfinite(scored["rewards"][0]) and scored["rewards"][0] <= 0)
            self.assertEqual(len(scored["descriptors"][0]), 2)
            status, bad = server.post("/v1/advance", dict(body, to=3))
            self.assertEqual(status, 400)
            self.assertIn("0 <= from < to <= 2", bad["error"])
            status, rest, _ = server.stop()
            self.assertEqual((status, rest), (0, ""))


if __name__ == "__main__":
    unittest.main()
