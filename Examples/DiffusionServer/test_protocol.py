"""Tests of the server's protocol handling: hello, advance and score over HTTP, request
validation (each bad field a 400 with a one-line error), 404 and 405, 500 when the backend
fails, determinism, signals and start-up failures. The mixture backend keeps them fast."""
import http.client
import importlib.util
import json
import os
import signal
import subprocess
import sys
import threading
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from mixture_backend import MixtureBackend  # noqa: E402
from protocol_handler import DiffusionServer  # noqa: E402
from server_process import PROTOCOL, SERVER, ServerProcess  # noqa: E402
from wire_tensor import decode, encode  # noqa: E402

D = 16


def advance_body(rows=2, start=0, end=50, seed=0, d=D):
    rng = np.random.default_rng(seed)
    return {"from": start, "to": end, "rows": rows,
            "latents": encode(rng.standard_normal((rows, d))),
            "noise": encode(rng.standard_normal((rows, end - start, d)))}


class MixtureServerTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = ServerProcess(["--backend", "mixture", "--dims", str(D)])

    @classmethod
    def tearDownClass(cls):
        status, rest, err = cls.server.stop()
        assert status == 0, "SIGTERM stops it cleanly: %s %s" % (status, err[-500:])
        assert rest == "", "nothing but the listening line on stdout: %r" % rest

    def assert_bad(self, path, body, reason, status=400):
        code, answer = self.server.post(path, body)
        self.assertEqual(code, status, (body if isinstance(body, bytes) else json.dumps(body)[:200], answer))
        self.assertEqual(list(answer), ["error"])
        self.assertIsInstance(answer["error"], str)
        self.assertNotIn("\n", answer["error"])
        self.assertIn(reason, answer["error"])

    def test_hello(self):
        answer = self.server.hello()
        self.assertEqual(answer["protocol"], PROTOCOL)
        self.assertEqual((answer["latent_shape"], answer["noise_offset"], answer["step_noise"], answer["steps"]),
                         ([D], 0, D, 50))
        self.assertEqual(answer["mutation"], "additive")
        self.assertEqual(len(answer["noise_deviations"]), 50)
        self.assertAlmostEqual(answer["noise_deviations"][0], 0.56998, places=5)
        self.assertEqual(answer["reward"]["name"], "rare-target")
        self.assertIsInstance(answer["reward"]["description"], str)
        self.assertEqual(answer["rewards"], ["rare-target", "multi-peak"])
        self.assertEqual(answer["descriptors"], [{"name": "mode", "low": 0.0, "high": 8.0}])
        self.assertIsNone(answer["picture"])
        self.assertIn("Gaussian mixture", answer["model"])
        self.assertEqual(self.server.post("/v1/hello", {"protocol": PROTOCOL})[1]["reward"]["name"], "rare-target")

    def test_hello_chooses_the_reward_of_later_scores(self):
        latents = encode(self._advanced(advance_body(rows=3)))
        try:
            self.assertEqual(self.server.hello("multi-peak")["reward"]["name"], "multi-peak")
            _, multi = self.server.post("/v1/score", {"rows": 3, "latents": latents})
            self.server.hello(None)
            _, rare = self.server.post("/v1/score", {"rows": 3, "latents": latents})
            self.assertTrue(all(r > 0 for r in multi["rewards"]), multi)
            self.assertTrue(all(r <= 0 for r in rare["rewards"]), rare)
            self.assertEqual(multi["descriptors"], rare["descriptors"])
        finally:
            self.server.hello(None)

    def test_bad_hellos(self):
        self.assert_bad("/v1/hello", {"protocol": PROTOCOL, "reward": "beauty"}, "unknown reward \"beauty\"")
        self.assert_bad("/v1/hello", {"protocol": PROTOCOL, "reward": 3}, "reward: a name or null expected")
        self.assert_bad("/v1/hello", {"protocol": "tessera-denoising/2"}, "protocol")
        self.assert_bad("/v1/hello", {"reward": None}, "protocol: null")
        self.assert_bad("/v1/hello", b"[]", "not a JSON object")

    def _advanced(self, body):
        status, answer = self.server.post("/v1/advance", body)
        self.assertEqual(status, 200, answer)
        return decode(answer["latents"], count=body["rows"] * D)

    def test_advance_and_score(self):
        body = advance_body(rows=3)
        status, answer = self.server.post("/v1/advance", body)
        self.assertEqual((status, sorted(answer), answer["nfe"]), (200, ["latents", "nfe"], 150))
        outputs = decode(answer["latents"], count=3 * D).reshape(3, D)
        backend = MixtureBackend(D)
        expected, _ = backend.advance(decode(body["latents"]).reshape(3, D), decode(body["noise"]).reshape(3, 50, D), 0, 50)
        self.assertEqual(outputs.tobytes(), expected.tobytes(), "the server computes what the backend does")
        status, scored = self.server.post("/v1/score", {"rows": 3, "latents": answer["latents"]})
        self.assertEqual(status, 200)
        self.assertEqual(sorted(scored), ["descriptors", "errors", "rewards"])
        self.assertEqual(scored["errors"], [None] * 3)
        modes = backend.mixture.modes(outputs.astype(np.float64))
        self.assertEqual(scored["descriptors"], [[m + 0.5] for m in modes.tolist()])
        np.testing.assert_allclose(scored["rewards"], backend.mixture.rare_target(outputs.astype(np.float64)))

    def test_determinism_and_splits(self):
        body = advance_body(rows=4, seed=9)
        first = self.server.request("/v1/advance", body)
        second = self.server.request("/v1/advance", body)
        self.assertEqual(first[0], 200)
        self.assertEqual(first[1], second[1], "the same request twice gives the same bytes")
        middle = dict(body, to=20, noise=encode(decode(body["noise"]).reshape(4, 50, D)[:, :20]))
        status, part = self.server.post("/v1/advance", middle)
        self.assertEqual(part["nfe"], 80)
        rest = dict(body, latents=part["latents"], noise=encode(decode(body["noise"]).reshape(4, 50, D)[:, 20:]))
        rest["from"] = 20
        status, done = self.server.post("/v1/advance", rest)
        self.assertEqual((status, done["nfe"]), (200, 120))
        self.assertEqual(done["latents"], json.loads(first[1])["latents"], "0..20 then 20..50 equals 0..50")

    def test_bad_advances(self):
        good = advance_body(rows=2, start=10, end=12)
        cases = [
            ({"from": None}, "from: an integer expected, not null"),
            ({"from": True}, "from: an integer expected, not true"),
            ({"from": 10.0}, "from: an integer expected, not 10.0"),
            ({"to": "12"}, "to: an integer expected"),
            ({"from": -1}, "do not satisfy 0 <= from < to <= 50"),
            ({"from": 12}, "do not satisfy"),
            ({"from": 13}, "do not satisfy"),
            ({"to": 51}, "do not satisfy"),
            ({"rows": 0}, "rows: 0 is outside 1...4096"),
            ({"rows": 4097}, "rows: 4097 is outside"),
            ({"rows": 3}, "latents: 32 values, expected 48"),
            ({"rows": [2]}, "rows: an integer expected"),
            ({"latents": 7}, "latents: a base64 string expected"),
            ({"latents": "@@@@"}, "latents: invalid base64"),
            ({"latents": "AAAAAAA="}, "latents: 5 bytes"),
            ({"latents": encode(np.full(2 * D, np.nan))}, "latents: a non-finite value at index 0"),
            ({"noise": encode(np.zeros(2 * 3 * D))}, "noise: 96 values, expected 64"),
            ({"noise": None}, "noise: a base64 string expected, not null"),
        ]
        for change, reason in cases:
            self.assert_bad("/v1/advance", dict(good, **change), reason)
        for key in ("from", "to", "rows", "latents", "noise"):
            self.assert_bad("/v1/advance", {k: v for k, v in good.items() if k != key}, "%s: missing" % key)
        self.assert_bad("/v1/advance", b"{not json", "not JSON")
        self.assert_bad("/v1/advance", b"\xff\xfe", "not UTF-8")
        self.assert_bad("/v1/advance", b"[1, 2]", "not a JSON object")
        self.assertEqual(self.server.post("/v1/advance", good)[0], 200, "the good request is good")

    def test_bad_scores(self):
        self.assert_bad("/v1/score", {"rows": 2, "latents": encode(np.zeros(D))}, "latents: 16 values, expected 32")
        self.assert_bad("/v1/score", {"latents": encode(np.zeros(D))}, "rows: missing")
        self.assert_bad("/v1/score", {"rows": 1}, "latents: missing")
        self.assert_bad("/v1/score", {"rows": 1, "latents": "AA=A"}, "latents: invalid base64")

    def test_paths_and_methods(self):
        self.assert_bad("/v1/nope", {}, "no such path /v1/nope", status=404)
        self.assert_bad("/v2/hello", {}, "no such path", status=404)
        code, raw, headers = self.server.request("/v1/hello", method="GET")
        self.assertEqual((code, headers.get("Allow")), (405, "POST"))
        self.assertIn("GET is not allowed", json.loads(raw)["error"])
        self.assertEqual(self.server.request("/v1/score", b"{}", method="PUT")[0], 405)
        self.assertEqual(self.server.request("/nothing", method="GET")[0], 404)

    def test_chunked_body_and_keep_alive(self):
        host, port = self.server.url[len("http://"):].split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        try:
            body = json.dumps({"protocol": PROTOCOL, "reward": None}).encode()
            connection.request("POST", "/v1/hello", body=iter([body[:10], body[10:]]), encode_chunked=True,
                               headers={"Content-Type": "application/json"})
            response = connection.getresponse()
            self.assertEqual(response.status, 200)
            self.assertEqual(json.loads(response.read())["protocol"], PROTOCOL)
            connection.request("POST", "/v1/advance", body=json.dumps(advance_body(rows=1, start=49)).encode())
            response = connection.getresponse()
            self.assertEqual((response.status, json.loads(response.read())["nfe"]), (200, 1))
        finally:
            connection.close()


class FailingBackend(MixtureBackend):
    """A mixture whose model fails past step 40 and whose reward is NaN for positive sums."""

    def advance_batch(self, latents, noise, start, end):
        if end > 40:
            raise RuntimeError("the GPU fell over\nbadly")
        return super().advance_batch(latents, noise, start, end)

    def reward_values(self, name, outputs):
        return [float("nan") if np.sum(x) > 0 else -1.0 for x in outputs]


class InProcessServerTests(unittest.TestCase):
    def setUp(self):
        self.server = DiffusionServer(("127.0.0.1", 0), FailingBackend(D))
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()

    def post(self, path, body):
        host, port = self.server.server_address[:2]
        connection = http.client.HTTPConnection(host, port, timeout=30)
        try:
            connection.request("POST", path, body=json.dumps(body).encode())
            response = connection.getresponse()
            return response.status, json.loads(response.read())
        finally:
            connection.close()

    def test_a_failing_backend_is_a_500(self):
        status, answer = self.post("/v1/advance", advance_body(rows=1, start=30, end=45))
        self.assertEqual(status, 500)
        self.assertEqual(answer, {"error": "the backend failed: RuntimeError: the GPU fell over badly"})
        self.assertEqual(self.post("/v1/advance", advance_body(rows=1, start=30, end=40))[0], 200)

    def test_failing_rows(self):
        latents = np.zeros((2, D), dtype=np.float32)
        latents[0, 0] = 1.0
        status, answer = self.post("/v1/score", {"rows": 2, "latents": encode(latents)})
        self.assertEqual(status, 200)
        self.assertEqual(answer["rewards"], [None, -1.0])
        self.assertEqual(answer["descriptors"], [None, [0.5]])
        self.assertIn("non-finite reward", answer["errors"][0])
        self.assertIsNone(answer["errors"][1])


class CommandLineTests(unittest.TestCase):
    def run_server(self, *arguments):
        return subprocess.run([sys.executable, SERVER, "--port", "0"] + list(arguments), capture_output=True,
                              text=True, timeout=60, stdin=subprocess.DEVNULL)

    def test_start_up_failures_exit_2(self):
        for arguments, reason in [(["--backend", "mixture", "--dims", "7"], "dimension must be in 8...4096"),
                                  (["--backend", "mixture", "--reward", "beauty"], "unknown reward 'beauty'"),
                                  (["--backend", "mixture", "--steps", "10"], "50 steps"),
                                  (["--backend", "mixture", "--prompt", "x"], "--prompt is for the diffusers backend")]:
            process = self.run_server(*arguments)
            self.assertEqual((process.returncode, process.stdout), (2, ""), process.stderr)
            self.assertIn(reason, process.stderr)

    @unittest.skipIf(importlib.util.find_spec("diffusers") is not None, "diffusers is installed here")
    def test_diffusers_without_diffusers_says_how_to_install(self):
        process = self.run_server("--backend", "diffusers")
        self.assertEqual(process.returncode, 2)
        self.assertIn("pip install torch diffusers", process.stderr)

    def test_verbose_logs_each_request_on_stderr(self):
        server = ServerProcess(["--backend", "mixture", "--verbose", "--reward", "multi-peak"])
        try:
            self.assertEqual(server.hello()["reward"]["name"], "multi-peak")
            server.post("/v1/advance", advance_body(rows=2, start=48))
            server.post("/v1/nope", {})
        finally:
            status, rest, err = server.stop()
        self.assertEqual((status, rest), (0, ""))
        lines = err.strip().split("\n")
        self.assertEqual(len(lines), 3, err)
        self.assertTrue(lines[0].startswith("POST /v1/hello 200"), lines[0])
        self.assertIn("rows=2 steps=48..50 nfe=4", lines[1])
        self.assertTrue(lines[2].startswith("POST /v1/nope 404"), lines[2])

    def test_bearer_token(self):
        env = dict(os.environ, DIFFUSION_TOKEN="s3cret-token")
        server = ServerProcess(["--backend", "mixture", "--token-env", "DIFFUSION_TOKEN", "--verbose"], env=env)
        try:
            for token in (None, "wrong", "s3cret-token-and-more", ""):
                server.token = token
                status, answer = server.post("/v1/hello", {"protocol": PROTOCOL})
                self.assertEqual((status, answer), (401, {"error": "missing or wrong bearer token"}), token)
            self.assertEqual(server.post("/v1/nope", {})[0], 401, "every request needs the token")
            server.token = "s3cret-token"
            self.assertEqual(server.hello()["protocol"], PROTOCOL)
            self.assertEqual(server.post("/v1/advance", advance_body(rows=1, start=49))[1]["nfe"], 1)
        finally:
            status, out, err = server.stop()
        self.assertEqual((status, out), (0, ""))
        self.assertNotIn("s3cret", err + server.first, "the token is never printed")
        process = self.run_server("--backend", "mixture", "--token-env", "NO_SUCH_VARIABLE_HERE")
        self.assertEqual(process.returncode, 2)
        self.assertIn("NO_SUCH_VARIABLE_HERE is empty or unset", process.stderr)

    def test_sigint_and_blocked_signals(self):
        """SIGINT stops it too, even when the parent blocked SIGTERM and SIGINT."""
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
        try:
            server = ServerProcess(["--backend", "mixture"])
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
        server.process.send_signal(signal.SIGINT)
        self.assertEqual(server.process.wait(timeout=20), 0)
        server.process.communicate()


if __name__ == "__main__":
    unittest.main()
