"""The HTTP side of the denoising-generator protocol: a ``ThreadingHTTPServer`` around a backend.

``POST /v1/hello``, ``/v1/advance`` and ``/v1/score`` answer JSON as
Docs/DiffusionProtocol.md says. A request that is wrong is a 400 with ``{"error": "one
line"}`` (``request_checks`` says what is wrong), another path a 404, another method on a
protocol path a 405, and a backend that raises a 500. Backend calls run one at a time (a
lock): the model is not assumed to be thread-safe, and the machine's cores are better spent
inside one call.

With a token (``--token-env``), every request needs ``Authorization: Bearer <token>``, or it
is a 401; the token is compared in constant time and never printed or logged.

The reward belongs to the server: a hello sets the server's current reward, and every later
``/v1/score`` uses it until the next hello. One Tessera run per server at a time, then.
"""
import hmac
import json
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from backend import one_line
from request_checks import RequestError, check_advance, check_hello, check_score
from wire_tensor import encode

PATHS = ("/v1/hello", "/v1/advance", "/v1/score")


class DiffusionServer(ThreadingHTTPServer):
    """An HTTP server for one backend; ``reward`` is the reward hellos last chose."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, backend, verbose=False, token=None):
        host = address[0]
        self.expected = ("Bearer " + token).encode("utf-8") if token else None
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.backend = backend
        self.reward = backend.default_reward
        self.verbose = verbose
        self.lock = threading.Lock()
        super().__init__(address, DiffusionHandler)

    def url(self):
        """``http://HOST:PORT`` with the port bound (brackets around an IPv6 host)."""
        host, port = self.server_address[:2]
        return "http://%s:%d" % ("[%s]" % host if ":" in host else host, port)


class DiffusionHandler(BaseHTTPRequestHandler):
    """Routes one request to the backend and answers JSON."""

    protocol_version = "HTTP/1.1"
    server_version = "tessera-diffusion/1"
    # Headers and body leave as separate writes; without this, Nagle's algorithm and the
    # client's delayed ACK hold each answer on a kept-alive connection for 40 ms.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # the access log is ours (``--verbose``)
        pass

    def _answer(self, status, message, close=False):
        data = (json.dumps(message, allow_nan=False, separators=(",", ":")) + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        if status == 405:
            self.send_header("Allow", "POST")
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self._log(status)  # before the body: a client's next request is logged after this one
        if self.command != "HEAD":
            self.wfile.write(data)

    def _fail(self, status, reason, close=False):
        self._answer(status, {"error": reason.replace("\n", " ")}, close=close)

    def _log(self, status):
        if self.server.verbose:
            sys.stderr.write("%s %s %d %.3fs%s\n" % (self.command, self.path[:200], status,
                                                     time.monotonic() - self.started, self.detail))
            sys.stderr.flush()

    def _body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():  # trailers
                        pass
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        length = self.headers.get("Content-Length")
        if length is None:
            raise ValueError("a request without Content-Length")
        length = int(length)
        if length < 0:
            raise ValueError("a negative Content-Length")
        return self.rfile.read(length)

    def _routed(self):
        """True when the token, path and method are right; answers 401, 404 or 405 otherwise."""
        if self.server.expected is not None:
            given = (self.headers.get("Authorization") or "").strip().encode("utf-8", "replace")
            if not hmac.compare_digest(given, self.server.expected):
                self._fail(401, "missing or wrong bearer token", close=True)
                return False
        path = self.path.split("?")[0]
        if path not in PATHS:
            self._fail(404, "no such path %s: POST /v1/hello, /v1/advance or /v1/score" % path[:100], close=True)
            return False
        if self.command != "POST":
            self._fail(405, "%s is not allowed: POST expected" % self.command, close=True)
            return False
        return True

    def do_GET(self):
        self.started, self.detail = time.monotonic(), ""
        self._routed()

    do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET

    def do_POST(self):
        self.started, self.detail = time.monotonic(), ""
        if not self._routed():
            return
        try:
            body = self._body()
        except (ValueError, OSError) as exception:
            self._fail(400, "a body that cannot be read (%s)" % one_line(exception), close=True)
            return
        path = self.path.split("?")[0]
        try:
            if path == "/v1/hello":
                reward = check_hello(body, self.server.backend)
                with self.server.lock:
                    self.server.reward = reward
                    answer = self.server.backend.hello(reward)
                self.detail = " reward=%s" % reward
            elif path == "/v1/advance":
                start, end, latents, noise = check_advance(body, self.server.backend)
                with self.server.lock:
                    advanced, nfe = self.server.backend.advance(latents, noise, start, end)
                answer = {"latents": encode(advanced), "nfe": int(nfe)}
                self.detail = " rows=%d steps=%d..%d nfe=%d" % (len(latents), start, end, nfe)
            else:
                latents = check_score(body, self.server.backend)
                with self.server.lock:
                    answer = self.server.backend.score(latents, self.server.reward)
                failed = sum(error is not None for error in answer["errors"])
                self.detail = " rows=%d reward=%s failed=%d" % (len(latents), self.server.reward, failed)
        except RequestError as exception:
            self._fail(400, str(exception))
            return
        except Exception as exception:  # noqa: BLE001 - the backend failed: a 500, retried
            self._fail(500, "the backend failed: %s" % one_line(exception))
            return
        self._answer(200, answer)
