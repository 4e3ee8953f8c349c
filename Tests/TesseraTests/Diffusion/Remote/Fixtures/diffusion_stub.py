"""A loopback stand-in for a tessera-denoising/1 server (Docs/DiffusionProtocol.md), for
the tests of RemoteDiffusionServer (standard library only).

    python3 diffusion_stub.py

binds 127.0.0.1 on a free port, prints ``listening on http://127.0.0.1:PORT`` and serves
until it is killed or its stdin closes. The first path segment is the mode, so one stub
serves them all: ``http://127.0.0.1:PORT/MODE`` is a server whose endpoints are
``/MODE/v1/hello``, ``/MODE/v1/advance`` and ``/MODE/v1/score`` (``POST /MODE/stats``
answers ``{"requests": n}``, the requests seen under that mode).

The model is tiny: latents of shape [4] (all noise), 3 steps, 4 normals a step; a step adds
0.5 times its noise; the reward is the sum of the latent, the descriptor "first" the first
value clipped to [-2, 2]; the picture is the latent as 2 x 2. A hello may choose the reward
"sum" or "negsum" (only the name it declares changes); any other reward is a 400.

  ok              as above
  flaky           the first attempt of every distinct request answers 500
  busy            the first attempt of every distinct request answers 429, Retry-After: 1
  down            advance and score always answer 503
  garbage         advance and score answer a body that is not JSON
  nofield         advance answers without "nfe"
  short           advance answers one latent number too few
  nfe             advance answers an NFE beyond the protocol's bound
  fewrewards      score answers one reward too few
  rowerror        score: row 1 has a null reward and a two-line error
  nan             score: row 0 has a NaN reward, row 2 two descriptor values
  hang            advance and score sleep 5 s
  reject          advance answers 400 with a two-line error of 300 characters
  redirect        every request answers 307 to /ok/...
  token           requests need "Authorization: Bearer $STUB_TOKEN" (else 401); score's
                  row 0 fails with an error that echoes the token
  hello-FIELD     hello declares a bad FIELD (see BAD_HELLO)
  breakafter      advance answers 400 from its 7th request on, until ``POST /breakafter/heal``
                  (a server that fails mid-run, then comes back)
"""
import base64
import hashlib
import json
import os
import signal
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

L = 4
STEPS = 3
LOCK = threading.Lock()
SEEN = set()
REQUESTS = {}
BREAK = {"advances": 0, "healed": False}

HELLO = {
    "protocol": "tessera-denoising/1",
    "model": "stub: x + 0.5 z per step",
    "latent_shape": [L],
    "noise_offset": 0,
    "step_noise": L,
    "steps": STEPS,
    "noise_deviations": [1.0, 0.5, 0.25],
    "mutation": "additive",
    "rewards": ["sum", "negsum"],
    "descriptors": [{"name": "first", "low": -2.0, "high": 2.0}],
    "picture": {"offset": 0, "width": 2, "height": 2},
}

# hello-KEY: the hello answer with one field changed (a value), or removed (None).
BAD_HELLO = {
    "protocol": ("protocol", "tessera-denoising/2"),
    "shape": ("latent_shape", [4, 0]),
    "emptyshape": ("latent_shape", []),
    "huge": ("latent_shape", [4096, 4097]),
    "offset": ("noise_offset", 4),
    "stepnoise": ("step_noise", 65),
    "steps": ("steps", 0),
    "deviation": ("noise_deviations", [1.0, -0.5, 0.25]),
    "deviations": ("noise_deviations", [1.0, 0.5]),
    "nandeviation": ("noise_deviations", [1.0, float("nan"), 0.25]),
    "mutation": ("mutation", "swap"),
    "bounds": ("descriptors", [{"name": "first", "low": 2.0, "high": 2.0}]),
    "unnamed": ("descriptors", [{"name": "", "low": 0.0, "high": 1.0}]),
    "picture": ("picture", {"offset": 2, "width": 2, "height": 2}),
    "rewardname": ("reward", {"description": "no name"}),
    "offered": ("rewards", ["negsum"]),
    "nosteps": ("steps", None),
    "stringsteps": ("steps", "3"),
}


def floats(text):
    data = base64.b64decode(text)
    return list(struct.unpack("<%df" % (len(data) // 4), data))


def tensor(values):
    return base64.b64encode(struct.pack("<%df" % len(values), *values)).decode("ascii")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # One write per answer and no Nagle delay: headers and body written apart would wait
    # for the client's delayed ACK (40 ms a request on Linux).
    wbufsize = -1
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        pass

    def answer(self, status, body, headers=()):
        data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_POST(self):
        data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        parts = self.path.strip("/").split("/")
        mode, endpoint = parts[0], "/".join(parts[1:])
        with LOCK:
            REQUESTS[mode] = REQUESTS.get(mode, 0) + 1
            key = (mode, endpoint, hashlib.sha256(data).hexdigest())
            first = key not in SEEN
            SEEN.add(key)
        if endpoint == "stats":
            return self.answer(200, {"requests": REQUESTS.get(mode, 0) - 1})
        if endpoint == "heal":
            with LOCK:
                BREAK["healed"] = True
            return self.answer(200, {"healed": True})
        if mode == "token" and self.headers.get("Authorization") != "Bearer " + os.environ.get("STUB_TOKEN", "\0"):
            return self.answer(401, {"error": "missing or wrong token"})
        if self.headers.get("Content-Type") != "application/json":
            return self.answer(415, {"error": "expected Content-Type application/json"})
        if mode == "redirect":
            port = self.server.server_address[1]
            return self.answer(307, {"error": "moved"}, [("Location", "http://127.0.0.1:%d/ok/%s" % (port, endpoint))])
        if mode == "flaky" and first:
            return self.answer(500, {"error": "internal error"})
        if mode == "busy" and first:
            return self.answer(429, {"error": "slow down"}, [("Retry-After", "1")])
        request = json.loads(data)
        if endpoint == "v1/hello":
            return self.hello(mode, request)
        if mode == "down":
            return self.answer(503, {"error": "overloaded"})
        if mode == "garbage":
            return self.answer(200, "this is not json {")
        if mode == "hang":
            time.sleep(5)
        if endpoint == "v1/advance":
            return self.advance(mode, request)
        if endpoint == "v1/score":
            return self.score(mode, request)
        return self.answer(404, {"error": "no such endpoint: " + self.path})

    def hello(self, mode, request):
        if request.get("protocol") != "tessera-denoising/1":
            return self.answer(400, {"error": "unknown protocol %r" % request.get("protocol")})
        reward = request.get("reward") or "sum"
        if reward not in HELLO["rewards"]:
            return self.answer(400, {"error": "unknown reward %r; offered: sum, negsum" % reward})
        hello = dict(HELLO, reward={"name": reward, "description": "the sum of the latent" if reward == "sum" else "minus the sum"})
        if mode == "hello-notjson":
            return self.answer(200, "<html>not json</html>")
        if mode.startswith("hello-"):
            field, value = BAD_HELLO[mode[len("hello-"):]]
            if value is None:
                del hello[field]
            else:
                hello[field] = value
        return self.answer(200, hello)

    def advance(self, mode, request):
        start, end, rows = request["from"], request["to"], request["rows"]
        if mode == "reject":
            return self.answer(400, {"error": "rows are wrong\n" + "x" * 300})
        if mode == "breakafter":
            with LOCK:
                BREAK["advances"] += 1
                broken = BREAK["advances"] > 6 and not BREAK["healed"]
            if broken:
                return self.answer(400, {"error": "the model crashed"})
        latents, noise = floats(request["latents"]), floats(request["noise"])
        if len(latents) != rows * L or len(noise) != rows * (end - start) * L or not 0 <= start < end <= STEPS:
            return self.answer(400, {"error": "%d latent and %d noise numbers for %d rows" % (len(latents), len(noise), rows)})
        out = []
        for row in range(rows):
            x = latents[row * L:(row + 1) * L]
            z = noise[row * (end - start) * L:(row + 1) * (end - start) * L]
            for step in range(end - start):
                x = [struct.unpack("<f", struct.pack("<f", a + 0.5 * b))[0] for a, b in zip(x, z[step * L:(step + 1) * L])]
            out += x
        nfe = rows * (end - start)
        if mode == "short":
            out = out[:-1]
        if mode == "nfe":
            nfe = rows * (end - start) * 1000 + 1
        answer = {"latents": tensor(out), "nfe": nfe}
        if mode == "nofield":
            del answer["nfe"]
        return self.answer(200, answer)

    def score(self, mode, request):
        rows = request["rows"]
        latents = floats(request["latents"])
        if len(latents) != rows * L:
            return self.answer(400, {"error": "%d numbers for %d rows" % (len(latents), rows)})
        rewards, descriptors, errors = [], [], []
        for row in range(rows):
            x = latents[row * L:(row + 1) * L]
            rewards.append(sum(x))
            descriptors.append([min(2.0, max(-2.0, x[0]))])
            errors.append(None)
        if mode == "fewrewards":
            rewards = rewards[:-1]
        if mode == "rowerror" and rows > 1:
            rewards[1], descriptors[1], errors[1] = None, None, "the decoder failed\n  at line 3"
        if mode == "nan":
            rewards[0] = float("nan")
            if rows > 2:
                descriptors[2] = [0.0, 1.0]
        if mode == "token":
            rewards[0], errors[0] = None, "bad row under token " + os.environ.get("STUB_TOKEN", "")
        return self.answer(200, {"rewards": rewards, "descriptors": descriptors, "errors": errors})


def main():
    # A child of a Swift test runner inherits its blocked signals: unblock them.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    # Exit when the test that started us goes away (stdin closes).
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print("listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
