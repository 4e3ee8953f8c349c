"""Tests of tessera_worker's transports (pipes, HTTP, Dask) and of the fault-injection worker.

    python3 -m unittest Examples/PythonEvaluator/test_tessera_worker.py     (or -v; offline)

The Dask tests are skipped when dask.distributed is not installed.
"""
import base64
import json
import os
import random
import signal
import struct
import subprocess
import sys
import tempfile
import textwrap
import threading
import unittest
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SPHERE = os.path.join(HERE, "sphere.py")
TRIVIAL = os.path.join(HERE, "trivial.py")
MAZE = os.path.join(HERE, "maze_like.py")
FAULT = os.path.join(ROOT, "Tests", "TesseraTasksTests", "PythonEvaluator", "Fixtures", "fault_worker.py")
DASK_CLUSTER = os.path.join(ROOT, "Tests", "TesseraTasksTests", "PythonEvaluator", "Fixtures", "dask_cluster.py")

try:
    import dask.distributed  # noqa: F401
    DASK = None
except Exception as exception:  # noqa: BLE001
    DASK = "dask.distributed is not importable (%s): python3 -m pip install 'dask[distributed]'" % exception

HELLO = {"type": "hello", "protocol": 1, "tessera": "test"}
SHUTDOWN = {"type": "shutdown"}


def line(message):
    return json.dumps(message, separators=(",", ":"))


def genomes(count, dims, seed=3):
    rng = random.Random(seed)
    return [[rng.uniform(-0.5, 0.5) * (10 if row < count // 2 else 40) for _ in range(dims)] for row in range(count)]


def evaluate_message(rows, first_id=100, seeds=None, as_base64=False):
    items = []
    for index, genome in enumerate(rows):
        encoded = {"base64": base64.b64encode(struct.pack("<%dd" % len(genome), *genome)).decode()} if as_base64 else genome
        items.append({"id": first_id + index, "genome": encoded, "seed": seeds[index] if seeds else index + 1})
    return {"type": "evaluate", "items": items}


def environment(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("TESSERA_")}
    env.update(extra)
    return env


def exchange(arguments, messages, env=None, timeout=30):
    """Runs a worker on the lines of `messages` (stdin closed after them): (stdout lines, status, stderr)."""
    process = subprocess.run([sys.executable] + arguments, input="".join(line(m) + "\n" for m in messages),
                             capture_output=True, text=True, env=env or environment(), timeout=timeout)
    return [l for l in process.stdout.split("\n") if l], process.returncode, process.stderr


class HTTPWorker:
    """A worker started with TESSERA_HTTP=127.0.0.1:0; `url` once it listens."""

    def __init__(self, arguments, **env):
        self.process = subprocess.Popen([sys.executable] + arguments, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True,
                                        env=environment(TESSERA_HTTP="127.0.0.1:0", **env))
        self.first = self.process.stdout.readline().rstrip("\n")
        if not self.first.startswith("listening on http://127.0.0.1:"):
            self.process.kill()
            raise AssertionError("no listening line: %r %s" % (self.first, self.process.stderr.read()))
        self.url = self.first[len("listening on "):]

    def post(self, path, body, token=None, method="POST"):
        data = body if isinstance(body, bytes) else (line(body) if isinstance(body, dict) else body or "").encode()
        request = urllib.request.Request(self.url + path, data=data if method == "POST" else None, method=method)
        if token is not None:
            request.add_header("Authorization", "Bearer " + token)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers.get("Content-Type"), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Content-Type"), error.read().decode()

    def stop(self):
        """SIGTERM: (status, the rest of stdout, stderr)."""
        self.process.send_signal(signal.SIGTERM)
        try:
            out, err = self.process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            out, err = self.process.communicate()
        return self.process.returncode, out, err


PRINTING_WORKER = textwrap.dedent("""
    import sys
    sys.path.insert(0, %r)
    from tessera_worker import serve

    def evaluate(genome, seed):
        print("a user print that must go to stderr")
        if genome[0] > 100:
            raise ValueError("the simulator diverged")
        return -sum(x * x for x in genome), [genome[0], genome[1]]

    if __name__ == "__main__":
        serve(evaluate, dimension=3, descriptor_lower=[-1000, -1000], descriptor_upper=[1000, 1000])
    """) % HERE


class Scratch(unittest.TestCase):
    def setUp(self):
        self.directory = tempfile.TemporaryDirectory()
        self.addCleanup(self.directory.cleanup)
        self.printing = os.path.join(self.directory.name, "printing_worker.py")
        with open(self.printing, "w") as file:
            file.write(PRINTING_WORKER)
        self.unguarded = os.path.join(self.directory.name, "unguarded_worker.py")
        with open(self.unguarded, "w") as file:  # serve() called at import, as in the protocol's example
            file.write(PRINTING_WORKER.replace('if __name__ == "__main__":\n    ', ""))


class PipeTests(Scratch):
    def test_sphere_over_pipes_answers_ready_results_and_errors(self):
        request = evaluate_message(genomes(6, 10))
        bad = {"type": "evaluate", "items": [{"id": 7, "genome": [1, 2, 3], "seed": 0}]}
        lines, status, _ = exchange([SPHERE], [HELLO, request, bad, SHUTDOWN])
        self.assertEqual(status, 0)
        self.assertEqual(len(lines), 1 + 6 + 1)
        self.assertEqual(json.loads(lines[0])["type"], "ready")
        self.assertEqual([json.loads(l)["id"] for l in lines[1:7]], list(range(100, 106)))
        self.assertIn("3 numbers, expected 10", json.loads(lines[-1])["error"])

    def test_prints_go_to_stderr(self):
        lines, status, err = exchange([self.printing], [HELLO, evaluate_message([[1, 2, 3], [101, 0, 0]]), SHUTDOWN])
        self.assertEqual(status, 0)
        self.assertEqual(len(lines), 3, lines)
        self.assertIn("a user print that must go to stderr", err)
        self.assertEqual(json.loads(lines[2]), {"type": "result", "id": 101, "error": "ValueError: the simulator diverged"})

    def test_trivial_and_maze_like(self):
        lines, status, _ = exchange([TRIVIAL], [HELLO, evaluate_message([[3.0, -0.5] + [0.0] * 8]), SHUTDOWN])
        self.assertEqual(status, 0)
        self.assertEqual(json.loads(lines[1]), {"type": "result", "id": 100, "objective": 3.0, "descriptor": [1.0, -0.5]})
        plain = subprocess.run([sys.executable, TRIVIAL, "--plain", "1000"], capture_output=True, text=True, timeout=30)
        self.assertGreater(json.loads(plain.stdout)["plain_seconds_per_eval"], 0)
        rows = [[random.Random(i).uniform(-1, 1) for _ in range(10)] for i in range(3)]
        first, status, _ = exchange([MAZE, "--steps", "50"], [HELLO, evaluate_message(rows), SHUTDOWN])
        again, _, _ = exchange([MAZE, "--steps", "50"], [HELLO, evaluate_message(rows, seeds=[7, 8, 9]), SHUTDOWN])
        self.assertEqual(status, 0)
        ready = json.loads(first[0])["domain"]
        self.assertEqual(ready["descriptors"]["names"], ["final_x", "final_y"])
        for a, b in zip(first[1:], again[1:]):
            result = json.loads(a)
            self.assertEqual(result, json.loads(b), "a pure function of the genome")
            self.assertTrue(-2 ** 0.5 <= result["objective"] <= 0)
            self.assertTrue(all(0 <= d <= 1 for d in result["descriptor"]))


class HTTPTests(Scratch):
    def test_hello_and_evaluate_equal_the_pipes_bit_for_bit(self):
        dims = 70  # genomes of 64 numbers or more also cross as base64
        request = evaluate_message(genomes(40, dims), as_base64=True)
        pipe_lines, _, _ = exchange([SPHERE, "--dims", str(dims)], [HELLO, request, SHUTDOWN])
        worker = HTTPWorker([SPHERE, "--dims", str(dims)])
        try:
            status, kind, body = worker.post("/v1/hello", HELLO)
            self.assertEqual((status, kind), (200, "application/json"))
            self.assertEqual(body, pipe_lines[0] + "\n")
            status, kind, body = worker.post("/v1/evaluate", request)
            self.assertEqual((status, kind), (200, "application/x-ndjson"))
            self.assertEqual(body.split("\n")[:-1], pipe_lines[1:])
            self.assertEqual(body[-1], "\n")
            status, _, body = worker.post("/v1/evaluate", {"type": "evaluate", "items": [{"id": 7, "genome": [1.0], "seed": 0}]})
            self.assertEqual(status, 200)
            self.assertIn("1 numbers, expected 70", json.loads(body)["error"])
        finally:
            status, rest, _ = worker.stop()
        self.assertEqual(status, 0, "SIGTERM stops it cleanly")
        self.assertEqual(rest, "", "nothing but the listening line on stdout")

    def test_bad_requests(self):
        worker = HTTPWorker([SPHERE])
        try:
            for body in [b"not json", b"[1, 2]", b'{"type":"hello"}', b'{"type":"evaluate"}',
                         b'{"type":"evaluate","items":[{"id":1,"genome":[true],"seed":1}]}', b"\xff\xfe"]:
                status, kind, answer = worker.post("/v1/evaluate", body)
                self.assertEqual((status, kind), (400, "application/json"), body)
                self.assertIsInstance(json.loads(answer)["error"], str)
            status, _, answer = worker.post("/v1/hello", b'{"type":"evaluate","items":[]}')
            self.assertEqual(status, 400)
            status, _, answer = worker.post("/v1/nope", HELLO)
            self.assertEqual(status, 404)
            self.assertIn("error", json.loads(answer))
            status, _, _ = worker.post("/v1/evaluate", None, method="GET")
            self.assertEqual(status, 405)
            status, _, body = worker.post("/v1/evaluate", {"type": "evaluate", "items": []})
            self.assertEqual((status, body), (200, ""), "an empty batch has no rows")
        finally:
            self.assertEqual(worker.stop()[0], 0)

    def test_bearer_token(self):
        worker = HTTPWorker([SPHERE], TESSERA_HTTP_TOKEN="s3cret-token")
        try:
            for token in [None, "wrong", "s3cret-token-and-more", ""]:
                status, _, body = worker.post("/v1/hello", HELLO, token=token)
                self.assertEqual(status, 401, token)
                self.assertEqual(json.loads(body), {"error": "missing or wrong bearer token"})
            status, _, _ = worker.post("/v1/nope", HELLO)
            self.assertEqual(status, 401, "every request needs the token")
            self.assertEqual(worker.post("/v1/hello", HELLO, token="s3cret-token")[0], 200)
            status, _, body = worker.post("/v1/evaluate", evaluate_message(genomes(2, 10)), token="s3cret-token")
            self.assertEqual((status, len(body.split("\n")) - 1), (200, 2))
        finally:
            status, out, err = worker.stop()
        self.assertEqual(status, 0)
        self.assertNotIn("s3cret", out + err + worker.first, "the token is never printed")

    def test_concurrent_requests_and_prints(self):
        worker = HTTPWorker([self.printing])
        answers = []

        def post(index):
            answers.append(worker.post("/v1/evaluate", evaluate_message([[index, 1, 2]] * 5, first_id=index * 10)))

        try:
            threads = [threading.Thread(target=post, args=(i,)) for i in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            self.assertEqual(len(answers), 8)
            self.assertTrue(all(status == 200 and len(body.split("\n")) == 6 for status, _, body in answers))
        finally:
            status, rest, err = worker.stop()
        self.assertEqual((status, rest), (0, ""))
        self.assertIn("a user print that must go to stderr", err)

    def test_a_wrong_address_fails(self):
        process = subprocess.run([sys.executable, SPHERE], capture_output=True, text=True, timeout=30,
                                 env=environment(TESSERA_HTTP="no-port-here"), stdin=subprocess.DEVNULL)
        self.assertNotEqual(process.returncode, 0)
        self.assertEqual(process.stdout, "")


@unittest.skipIf(DASK is not None, DASK or "")
class DaskTests(Scratch):
    def test_local_cluster_over_pipes(self):
        request = evaluate_message(genomes(12, 10) + [[1.0, 2.0]])
        local, _, _ = exchange([SPHERE], [HELLO, request, SHUTDOWN])
        remote, status, err = exchange([SPHERE], [HELLO, request, SHUTDOWN], env=environment(TESSERA_DASK="local"))
        self.assertEqual(status, 0, err)
        self.assertEqual(remote[0], local[0])
        by_id = lambda lines: sorted(lines, key=lambda l: json.loads(l)["id"])  # noqa: E731
        self.assertEqual(by_id(remote[1:]), by_id(local[1:]), "the same results, in completion order")
        self.assertIn("2 numbers, expected 10", json.loads(by_id(remote[1:])[-1])["error"])

    def test_rows_in_chunks_of_tasks_give_the_same_results(self):
        request = evaluate_message(genomes(11, 10) + [[1.0, 2.0]])
        local, _, _ = exchange([SPHERE], [HELLO, request, SHUTDOWN])
        chunked, status, err = exchange([SPHERE], [HELLO, request, SHUTDOWN],
                                        env=environment(TESSERA_DASK="local", TESSERA_DASK_CHUNK="5"))
        self.assertEqual(status, 0, err)
        by_id = lambda lines: sorted(lines, key=lambda l: json.loads(l)["id"])  # noqa: E731
        self.assertEqual(by_id(chunked[1:]), by_id(local[1:]), "the same results, the bad row failing alone")
        lines, status, err = exchange([SPHERE], [HELLO], env=environment(TESSERA_DASK="local", TESSERA_DASK_CHUNK="0"))
        self.assertEqual((status, lines), (2, []))
        self.assertIn("TESSERA_DASK_CHUNK must be a whole number", err)

    def test_local_cluster_over_http_with_prints_and_errors(self):
        worker = HTTPWorker([self.printing], TESSERA_DASK="local", TESSERA_DASK_WORKERS="1")
        try:
            status, kind, body = worker.post("/v1/evaluate", evaluate_message([[1, 2, 3], [101, 0, 0], [0.5, 0.25, 0]]))
            self.assertEqual((status, kind), (200, "application/x-ndjson"))
            rows = {r["id"]: r for r in map(json.loads, body.split("\n")[:-1])}
            self.assertEqual(rows[100], {"type": "result", "id": 100, "objective": -14.0, "descriptor": [1.0, 2.0]})
            self.assertEqual(rows[101]["error"], "ValueError: the simulator diverged")
            self.assertEqual(rows[102]["objective"], -0.3125)
        finally:
            status, rest, err = worker.stop()
        self.assertEqual((status, rest), (0, ""), err[-2000:])

    def test_a_script_without_a_main_guard_works_with_a_local_cluster(self):
        with open(self.unguarded) as file:
            self.assertIn("\nserve(evaluate", file.read())
        lines, status, err = exchange([self.unguarded], [HELLO, evaluate_message([[0.5, 0.25, 0.0]]), SHUTDOWN],
                                      env=environment(TESSERA_DASK="local", TESSERA_DASK_WORKERS="1"))
        self.assertEqual(status, 0, err[-2000:])
        self.assertEqual([json.loads(l)["type"] for l in lines], ["ready", "result"])
        self.assertEqual(json.loads(lines[1])["objective"], -0.3125)

    def test_a_scheduler_that_does_not_answer_exits_2(self):
        lines, status, err = exchange([SPHERE], [HELLO], env=environment(TESSERA_DASK="tcp://127.0.0.1:9",
                                                                         TESSERA_DASK_TIMEOUT="1"))
        self.assertEqual((status, lines), (2, []))
        self.assertIn("cannot connect to the Dask scheduler at tcp://127.0.0.1:9", err)


def marked_batch(count=6, marked_at=3, dims=10):
    """A batch of `count` rows whose row `marked_at` (when not None) has a marked seed (26)."""
    rows = genomes(count, dims)
    seeds = [26 if i == marked_at else 13 * (50 + i) + 5 for i in range(count)]  # none of the others % 13 == 0
    assert all(s % 13 for i, s in enumerate(seeds) if i != marked_at)
    return evaluate_message(rows, seeds=seeds)


class FaultWorkerTests(unittest.TestCase):
    def run_mode(self, mode, messages, timeout=30):
        return exchange([FAULT, "--mode", mode], messages, timeout=timeout)

    def reference(self, batch):
        lines, _, _ = self.run_mode("ok", [HELLO, batch, SHUTDOWN])
        return [json.loads(l) for l in lines[1:]]

    def test_ok_and_stderr_noise(self):
        batch = marked_batch()
        sphere, _, _ = exchange([SPHERE], [HELLO, batch, SHUTDOWN])
        for mode in ["ok", "stderr-noise"]:
            lines, status, err = self.run_mode(mode, [HELLO, batch, batch, SHUTDOWN])
            self.assertEqual(status, 0)
            self.assertEqual(lines, sphere + sphere[1:])
            self.assertEqual(err.count("fault_worker: batch of 6"), 2 if mode == "stderr-noise" else 0)

    def test_crash_mid_batch(self):
        batch = marked_batch(6, None)
        single = marked_batch(1, None)
        lines, status, _ = self.run_mode("crash-mid-batch", [HELLO, single, batch, SHUTDOWN])
        self.assertEqual(status, 3)
        self.assertEqual([json.loads(l)["id"] for l in lines[1:]], [100, 100, 101, 102])

    def test_crash_on_marked(self):
        lines, status, _ = self.run_mode("crash-on-marked", [HELLO, marked_batch(6, 3), SHUTDOWN])
        self.assertEqual(status, 3)
        self.assertEqual([json.loads(l)["id"] for l in lines[1:]], [100, 101, 102])

    def test_hang_on_marked(self):
        process = subprocess.Popen([sys.executable, FAULT, "--mode", "hang-on-marked"], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True)
        try:
            process.stdin.write(line(HELLO) + "\n" + line(marked_batch(4, 2)) + "\n")
            process.stdin.flush()
            got = [process.stdout.readline() for _ in range(3)]
            self.assertEqual([json.loads(l)["type"] for l in got], ["ready", "result", "result"])
            with self.assertRaises(subprocess.TimeoutExpired):
                process.wait(timeout=1)
        finally:
            process.kill()
            process.communicate()

    def test_garbage(self):
        batch = marked_batch(4, 1)
        lines, status, _ = self.run_mode("garbage", [HELLO, batch, SHUTDOWN])
        self.assertEqual(status, 0)
        results = []
        for l in lines[1:]:
            try:
                results.append(json.loads(l))
            except ValueError:
                continue
        self.assertEqual(len(lines) - 1 - len(results), 4, "one garbage line per item")
        self.assertEqual([r["id"] for r in results], [100, 102, 103])

    def test_out_of_order_and_duplicate(self):
        batch = marked_batch(4, None)
        reference = self.reference(batch)
        lines, _, _ = self.run_mode("out-of-order", [HELLO, batch, SHUTDOWN])
        self.assertEqual([json.loads(l) for l in lines[1:]], list(reversed(reference)))
        lines, _, _ = self.run_mode("duplicate", [HELLO, batch, SHUTDOWN])
        ids = [json.loads(l)["id"] for l in lines[1:]]
        self.assertEqual(ids, [100, 100, 101, 101, 102, 102, 103, 103, 10 ** 9])

    def test_wrong_dims_nan_error(self):
        batch = marked_batch(3, 1)
        reference = self.reference(batch)
        for mode, check in [("wrong-dims", lambda r: len(r["descriptor"]) == 3),
                            ("nan", lambda r: r["objective"] == "nan"),
                            ("error", lambda r: r == {"type": "result", "id": 101, "error": "ValueError: marked row"})]:
            lines, status, _ = self.run_mode(mode, [HELLO, batch, SHUTDOWN])
            results = [json.loads(l) for l in lines[1:]]
            self.assertEqual(status, 0)
            self.assertEqual([results[0], results[2]], [reference[0], reference[2]], mode)
            self.assertTrue(check(results[1]), (mode, results[1]))

    def test_bad_ready_silent_exit_at_start(self):
        lines, _, _ = self.run_mode("bad-ready", [HELLO, SHUTDOWN])
        self.assertEqual(json.loads(lines[0])["protocol"], 99)
        lines, status, _ = self.run_mode("silent", [HELLO, marked_batch(), SHUTDOWN])
        self.assertEqual((lines, status), ([], 0))
        lines, status, err = self.run_mode("exit-at-start", [HELLO])
        self.assertEqual((lines, status), ([], 1))
        self.assertIn("cannot load the simulator", err)


@unittest.skipIf(DASK is not None, DASK or "")
class DaskClusterFixtureTests(unittest.TestCase):
    def test_it_starts_reports_and_cleans_up(self):
        process = subprocess.Popen([sys.executable, DASK_CLUSTER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)
        try:
            info = json.loads(process.stdout.readline())
            self.assertTrue(info["scheduler"].startswith("tcp://127.0.0.1:"))
            self.assertEqual(len(info["workers"]), 2)
            lines, status, err = exchange([SPHERE], [HELLO, marked_batch(), SHUTDOWN],
                                          env=environment(TESSERA_DASK=info["scheduler"]))
            self.assertEqual((status, len(lines)), (0, 7), err[-2000:])
            process.stdin.close()
            self.assertEqual(process.wait(timeout=20), 0)
            for pid in info["workers"]:
                with self.assertRaises(ProcessLookupError):
                    os.kill(pid, 0)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
            process.stdout.close()
            if not process.stdin.closed:
                process.stdin.close()


if __name__ == "__main__":
    unittest.main()
