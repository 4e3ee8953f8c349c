"""The terrain model of adaptive-terrain-diffusion 0.4.2 (PyPI, MIT), run with ONNX Runtime.

The package bundles one ONNX file, ``terrain_diffusion/weights/
terrain_consistency_unet_difficulty100.onnx`` (45 MB): a consistency UNet ("consistency-unet-32",
distilled by "endpoint-distillation" from a 20-step teacher, says its metadata) that maps a
noisy 128 x 128 heightfield to its denoised estimate:

- inputs ``noisy`` float32 [batch, 1, 128, 128], ``sigma`` float32 [batch] (the noise's
  standard deviation in model units), ``difficulty`` float32 [batch] (the label
  (d - 1) / 99 of a difficulty d in 1...100);
- output ``denoised`` float32 [batch, 1, 128, 128].

Facts taken from the package's ``TerrainGenerator`` (generator.py) and pinned here with the
version: sigma from 0.002 to 80 (sigma_data 0.5); one-step sampling denoises
``80 * N(0, I)`` at sigma 80; model values v in [-1, 1] map to metres as
h = 0.1 sinh(u asinh(22.16864 / 0.1)) with u = clip((v + 1) / 2, 0, 1), then the lowest
point is moved to 0 (``zero_floor``); the simulators read heights as metres on a grid of
0.1 m (the default ``horizontal_scale``).

Only the package's data file and its documented constants are used, never its private
methods: the version and the file's SHA-256 are checked at load time.
"""
import hashlib
import os
import importlib.metadata
import importlib.resources

import numpy as np

PACKAGE = "adaptive-terrain-diffusion"
VERSION = "0.4.2"
MODULE = "terrain_diffusion"
RESOURCE = "weights/terrain_consistency_unet_difficulty100.onnx"
SHA256 = "95be54b4a39d58320e187a7ec533351c957f16a00be58773c86074828ee67887"
INSTALL = ("python3 -m pip install --no-deps %s==%s && python3 -m pip install onnxruntime numpy "
           "(or Scripts/setup-terrain-model.sh)" % (PACKAGE, VERSION))

SIZE = 128
SIGMA_MIN = 0.002
SIGMA_MAX = 80.0
SIGMA_DATA = 0.5
HEIGHT_RANGE = 22.16864013671875
ASINH_SCALE = 0.1
DIFFICULTIES = 100
SPACING = 0.1


def model_path():
    """The bundled ONNX file's path, after checking the package's version."""
    try:
        version = importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        raise ImportError("%s is not installed: %s" % (PACKAGE, INSTALL))
    if version != VERSION:
        raise ImportError("%s %s is installed; this backend is pinned to %s: %s" % (PACKAGE, version, VERSION, INSTALL))
    resource = importlib.resources.files(MODULE).joinpath(RESOURCE)
    if not resource.is_file():
        raise FileNotFoundError("the package's ONNX file %s is missing: reinstall it (%s)" % (RESOURCE, INSTALL))
    return str(resource)


def difficulty_label(difficulty):
    """The model's conditioning label of difficulty 1...100: (d - 1) / 99."""
    if isinstance(difficulty, bool) or int(difficulty) != difficulty or not 1 <= difficulty <= DIFFICULTIES:
        raise ValueError("the difficulty must be a whole number in 1...%d (got %r)" % (DIFFICULTIES, difficulty))
    return (int(difficulty) - 1) / (DIFFICULTIES - 1)


def heights_in_metres(values):
    """Model values (..., H, W) as heights in metres, the lowest point of each field at 0."""
    unit = np.clip((np.asarray(values, dtype=np.float64) + 1.0) * 0.5, 0.0, 1.0)
    heights = ASINH_SCALE * np.sinh(unit * np.arcsinh(HEIGHT_RANGE / ASINH_SCALE))
    heights = np.clip(heights, 0.0, HEIGHT_RANGE)
    return heights - heights.min(axis=(-2, -1), keepdims=True)


class TerrainModel:
    """The ONNX session of the bundled model, its inputs checked.

    ``threads`` is ONNX Runtime's threads per call (0: one per core); ``None`` reads the
    environment variable TESSERA_TERRAIN_THREADS (0 when unset), which the test suite sets.
    """

    def __init__(self, threads=None):
        if threads is None:
            threads = int(os.environ.get("TESSERA_TERRAIN_THREADS", "0") or 0)
        path = model_path()
        digest = hashlib.sha256()
        with open(path, "rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
        if digest.hexdigest() != SHA256:
            raise RuntimeError("%s's ONNX file has SHA-256 %s, not the pinned %s" % (PACKAGE, digest.hexdigest(), SHA256))
        try:
            import onnxruntime
        except ImportError:
            raise ImportError("onnxruntime is not installed: %s" % INSTALL)
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = int(threads)
        available = onnxruntime.get_available_providers()
        providers = [p for p in ("CUDAExecutionProvider", "CPUExecutionProvider") if p in available]
        self.session = onnxruntime.InferenceSession(path, sess_options=options, providers=providers)
        self.provider = self.session.get_providers()[0]
        inputs = {i.name: i.shape for i in self.session.get_inputs()}
        outputs = {o.name: o.shape for o in self.session.get_outputs()}
        expected = {"noisy": ["batch", 1, SIZE, SIZE], "sigma": ["batch"], "difficulty": ["batch"]}
        if inputs != expected or list(outputs) != ["denoised"]:
            raise RuntimeError("unexpected ONNX inputs %s and outputs %s" % (inputs, outputs))

    def denoise(self, noisy, sigma, label):
        """The model's estimate of clean fields from (n, 1, 128, 128) ``noisy`` at noise ``sigma``."""
        n = len(noisy)
        feeds = {
            "noisy": np.ascontiguousarray(noisy, dtype=np.float32),
            "sigma": np.full(n, sigma, dtype=np.float32),
            "difficulty": np.full(n, label, dtype=np.float32),
        }
        return self.session.run(["denoised"], feeds)[0]
