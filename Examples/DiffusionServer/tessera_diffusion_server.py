#!/usr/bin/env python3
"""The reference server of Tessera's denoising-generator protocol (``tessera-denoising/1``).

    python3 tessera_diffusion_server.py --backend terrain --port 8765
    python3 tessera_diffusion_server.py --backend mixture --dims 16 --port 0 --verbose

Serves ``POST /v1/hello``, ``/v1/advance`` and ``/v1/score`` exactly as
Docs/DiffusionProtocol.md says, for one of three backends:

``mixture``
    Tessera's exact Gaussian-mixture model (numpy; ``--dims``, default 16).
``terrain``
    The difficulty-conditioned consistency UNet for 128 x 128 terrain heightfields of the
    PyPI package adaptive-terrain-diffusion 0.4.2, on ONNX Runtime (``--steps``, default 4;
    ``--difficulty`` 1...100, default 50; ``--sigma-last``; ``--target-slope``).
    Install with Scripts/setup-terrain-model.sh.
``diffusers``
    A Stable Diffusion pipeline stepped with DDIM (eta = 1) for a GPU machine (``--model``,
    ``--prompt``, ``--reward-module``); untested here, see diffusers_backend.py.

Once the model is loaded and the port bound it prints exactly one line, ``listening on
http://HOST:PORT`` (``--port 0`` picks a free port), to stdout and flushes; nothing else
goes to stdout. ``--verbose`` logs one line per request to stderr. ``--token-env VARIABLE``
makes every request need ``Authorization: Bearer <token>`` with the token read from that
environment variable (Tessera's ``--generator-token-env``); otherwise there is no
authentication, so bind a public address only behind a token or a tunnel. SIGTERM or SIGINT stops
it cleanly (exit status 0); a backend that cannot be loaded exits with status 2 and says why
on stderr. The reward a hello chooses applies to that server's later scores (see
protocol_handler.py).
"""
import argparse
import os
import signal
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from protocol_handler import DiffusionServer  # noqa: E402


def arguments(argv=None):
    """The command line, parsed."""
    parser = argparse.ArgumentParser(description="Tessera's denoising-generator server (tessera-denoising/1).")
    parser.add_argument("--backend", required=True, choices=["terrain", "mixture", "diffusers"])
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port to bind, 0 for a free one (default 8765)")
    parser.add_argument("--reward", help="the default reward (a hello may choose another)")
    parser.add_argument("--batch", type=int, help="largest number of rows per model call")
    parser.add_argument("--verbose", action="store_true", help="one line per request on stderr")
    parser.add_argument("--token-env", metavar="VARIABLE",
                        help="require 'Authorization: Bearer <token>', the token read from this environment variable")
    parser.add_argument("--dims", type=int, default=16, help="mixture: the dimension d (8...4096, default 16)")
    parser.add_argument("--steps", type=int, help="terrain: sampling steps (default 4); diffusers: DDIM steps (default 50)")
    parser.add_argument("--difficulty", type=int, default=50, help="terrain: the difficulty label, 1...100 (default 50)")
    parser.add_argument("--sigma-last", type=float, help="terrain: the last step's noise level (default 40)")
    parser.add_argument("--target-slope", type=float, help="terrain: target-slope's target in degrees (default 10)")
    parser.add_argument("--threads", type=int,
                        help="terrain: ONNX Runtime's threads per model call (default: TESSERA_TERRAIN_THREADS, or 0: one per core)")
    parser.add_argument("--model", help="diffusers: the pipeline (default stabilityai/stable-diffusion-2-1-base)")
    parser.add_argument("--prompt", help="diffusers: the prompt")
    parser.add_argument("--guidance", type=float, help="diffusers: classifier-free guidance scale (default 7.5)")
    parser.add_argument("--device", help="diffusers: torch device (default cuda when available)")
    parser.add_argument("--reward-module", help="diffusers: a Python file defining reward(images) -> list[float]")
    return parser.parse_args(argv)


def build_backend(options):
    """The backend the options ask for (its packages imported only now)."""
    if options.backend != "diffusers":
        for flag in ("model", "prompt", "guidance", "device", "reward_module"):
            if getattr(options, flag) is not None:
                raise ValueError("--%s is for the diffusers backend" % flag.replace("_", "-"))
    if options.backend != "terrain":
        for flag in ("sigma_last", "target_slope"):
            if getattr(options, flag) is not None:
                raise ValueError("--%s is for the terrain backend" % flag.replace("_", "-"))
    if options.backend == "mixture":
        if options.steps is not None and options.steps != 50:
            raise ValueError("the mixture model has 50 steps")
        from mixture_backend import MixtureBackend
        return MixtureBackend(options.dims, reward=options.reward, batch=options.batch)
    if options.backend == "terrain":
        from terrain_backend import TerrainBackend
        from terrain_model import TerrainModel
        if options.threads is not None and not 0 <= options.threads <= 256:
            raise ValueError("--threads must be in 0...256 (got %d)" % options.threads)
        return TerrainBackend(steps=options.steps or 4, difficulty=options.difficulty, sigma_last=options.sigma_last,
                              target_slope=options.target_slope, reward=options.reward, batch=options.batch,
                              model=TerrainModel(threads=options.threads))
    from diffusers_backend import DiffusersBackend
    return DiffusersBackend(model=options.model, prompt=options.prompt, guidance=options.guidance,
                            steps=options.steps or 50, device=options.device, reward_module=options.reward_module,
                            reward=options.reward, batch=options.batch)


def main(argv=None):
    """Runs the server until SIGTERM or SIGINT; the exit status."""
    options = arguments(argv)
    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    # A parent may have blocked them (a test runner, a supervisor); this process wants them.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    try:
        token = None
        if options.token_env:
            token = os.environ.get(options.token_env)
            if not token:
                raise ValueError("--token-env: the environment variable %s is empty or unset" % options.token_env)
        backend = build_backend(options)
        server = DiffusionServer((options.host, options.port), backend, verbose=options.verbose, token=token)
    except Exception as exception:  # noqa: BLE001 - a missing package, a bad option, a busy port
        sys.stderr.write("tessera_diffusion_server: %s: %s\n" % (type(exception).__name__, str(exception).replace("\n", " ")))
        sys.stderr.flush()
        return 2
    out = sys.stdout
    out.write("listening on %s\n" % server.url())
    out.flush()
    sys.stdout = sys.stderr  # stdout carries the listening line and nothing else
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    thread.start()
    try:
        while not stop.wait(0.5):
            pass
    finally:
        server.shutdown()
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
