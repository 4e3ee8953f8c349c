"""A test helper: the reference server as a child process on a free port.

    with ServerProcess(["--backend", "mixture"]) as server:
        status, answer = server.post("/v1/hello", {"protocol": "tessera-denoising/1", "reward": None})

``post`` sends a dict as JSON (or bytes as they are) and returns the status and the answer
parsed as JSON (with ``Authorization: Bearer token`` when ``token`` is set); ``stop`` sends SIGTERM and returns (exit status, the rest of stdout, stderr).
"""
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "tessera_diffusion_server.py")
PROTOCOL = "tessera-denoising/1"


class ServerProcess:
    """The server started with ``--port 0``; ``url`` once it listens."""

    def __init__(self, arguments, timeout=60, env=None, token=None):
        self.process = subprocess.Popen([sys.executable, SERVER, "--port", "0"] + list(arguments),
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, env=env)
        self.first = self.process.stdout.readline().rstrip("\n")
        if not self.first.startswith("listening on http://127.0.0.1:"):
            self.process.kill()
            _, err = self.process.communicate()
            raise AssertionError("no listening line: %r; stderr: %s" % (self.first, err[-2000:]))
        self.url = self.first[len("listening on "):]
        self.timeout = timeout
        self.token = token

    def __enter__(self):
        return self

    def __exit__(self, *exception):
        if self.process.poll() is None:
            self.stop()

    def request(self, path, body=None, method="POST"):
        """(status, raw answer bytes, headers) of one request."""
        data = body if isinstance(body, bytes) or body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data if method == "POST" else None, method=method)
        request.add_header("Content-Type", "application/json")
        if self.token is not None:
            request.add_header("Authorization", "Bearer " + self.token)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers

    def post(self, path, body=None, method="POST"):
        """(status, the answer parsed as JSON)."""
        status, raw, _ = self.request(path, body, method)
        return status, json.loads(raw.decode("utf-8"))

    def hello(self, reward=None):
        """The hello answer (asserting a 200)."""
        status, answer = self.post("/v1/hello", {"protocol": PROTOCOL, "reward": reward})
        if status != 200:
            raise AssertionError("hello failed: %s %s" % (status, answer))
        return answer

    def stop(self):
        """SIGTERM: (exit status, the rest of stdout, stderr)."""
        self.process.send_signal(signal.SIGTERM)
        try:
            out, err = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
        return self.process.returncode, out, err
