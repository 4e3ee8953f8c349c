"""Tessera's evaluator protocol, version 1, for Python: standard library only.

Turns ``evaluate(genome, seed) -> (objective, descriptor)`` (or a function over a whole
batch) into a worker that Tessera runs as a process and talks to over stdin/stdout, one
JSON object per line (Docs/EvaluatorProtocol.md). Import it by path:

    import sys, os
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from tessera_worker import serve

    def evaluate(genome, seed):
        return -sum(x * x for x in genome), [genome[0], genome[1]]

    serve(evaluate, dimension=10, descriptor_lower=[-1, -1], descriptor_upper=[1, 1])

``evaluate`` may also return ``(objective, descriptor, observation)`` or a dict with the
keys ``objective``, ``descriptor`` and optionally ``observation`` and ``metadata``. An
exception fails that row alone: its message goes back to Tessera as the row's reason.

Two environment variables (or the matching ``serve`` arguments) change how it serves:

``TESSERA_HTTP=HOST:PORT`` (``serve(..., http="HOST:PORT")``)
    An HTTP server instead of stdin/stdout. ``POST /v1/hello`` with a hello message
    answers the ready line; ``POST /v1/evaluate`` with an evaluate message answers
    ``application/x-ndjson``, one result line per item. A body that cannot be read is a
    400 with ``{"error": "..."}``, another path a 404, another method a 405. When
    ``TESSERA_HTTP_TOKEN`` is set every request needs ``Authorization: Bearer <token>``
    (401 otherwise). Once bound it prints the single line ``listening on
    http://HOST:PORT`` (the real port: PORT 0 picks a free one) to stdout, then serves
    until SIGTERM or SIGINT and returns (exit status 0).

``TESSERA_DASK=ADDRESS`` (``serve(..., dask="ADDRESS")``; ``TESSERA_DASK_CHUNK=N`` puts N rows in each
Dask task instead of one, for cheap evaluations)
    Rows are evaluated on a Dask cluster (``dask.distributed``, imported only then), one
    task per row, and each result is written as soon as its task completes. ``local``
    starts a LocalCluster of ``TESSERA_DASK_WORKERS`` (default 2) single-threaded worker
    processes; another address (``tcp://HOST:PORT``) is a scheduler to connect to, within
    ``TESSERA_DASK_TIMEOUT`` seconds (default 10), or the helper writes why to stderr
    and exits with status 2 before answering anything. A task that fails, including a
    ``KilledWorker`` when workers are lost, fails its row alone. Works over both
    transports.

Whatever the transport, stdout carries only the protocol: the user's prints (and those
of the Dask worker processes it starts) go to stderr.
"""
import base64
import hmac
import io
import json
import math
import os
import signal
import struct
import sys
import threading

PROTOCOL_VERSION = 1
BASE64_THRESHOLD = 64


def _number(value):
    """A float as the protocol writes it: a JSON number, or "nan", "inf", "-inf"."""
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def _vector(values):
    values = [float(v) for v in values]
    if len(values) >= BASE64_THRESHOLD:
        return {"base64": base64.b64encode(struct.pack("<%dd" % len(values), *values)).decode("ascii")}
    return [_number(v) for v in values]


def _read_number(value):
    if isinstance(value, str):
        return {"nan": math.nan, "inf": math.inf, "-inf": -math.inf}[value]
    if isinstance(value, bool):
        raise ValueError("a Boolean is not a number")
    return float(value)


def _read_vector(value):
    if isinstance(value, dict):
        raw = base64.b64decode(value["base64"], validate=True)
        if len(raw) % 8:
            raise ValueError("base64 of a whole number of doubles expected")
        return list(struct.unpack("<%dd" % (len(raw) // 8), raw))
    return [_read_number(v) for v in value]


def _dumps(message):
    # Python's repr of a float is its shortest round-trip decimal, as Tessera's.
    return json.dumps(message, allow_nan=False, separators=(",", ":"))


def domain(dimension, descriptor_lower, descriptor_upper, genome_lower=None, genome_upper=None,
           descriptor_names=None, objective_lower=None, objective_upper=None, observation_dimension=0):
    """The domain a worker declares in its ``ready`` message."""
    declared = {
        "genome": {"dimension": int(dimension)},
        "descriptors": {"lower": _vector(descriptor_lower), "upper": _vector(descriptor_upper)},
    }
    if genome_lower is not None or genome_upper is not None:
        declared["genome"]["lower"] = _vector(genome_lower)
        declared["genome"]["upper"] = _vector(genome_upper)
    if descriptor_names is not None:
        declared["descriptors"]["names"] = list(descriptor_names)
    if objective_lower is not None and objective_upper is not None:
        declared["objective"] = {"lower": _number(objective_lower), "upper": _number(objective_upper)}
    if observation_dimension:
        declared["observation"] = {"dimension": int(observation_dimension)}
    return declared


def _result(item_id, answer):
    """The ``result`` message of one row from what the user's function returned."""
    if isinstance(answer, dict):
        objective, descriptor = answer["objective"], answer["descriptor"]
        observation, metadata = answer.get("observation"), answer.get("metadata")
    else:
        answer = tuple(answer)
        objective, descriptor = answer[0], answer[1]
        observation = answer[2] if len(answer) > 2 else None
        metadata = None
    message = {"type": "result", "id": item_id, "objective": _number(objective), "descriptor": _vector(descriptor)}
    if observation is not None:
        message["observation"] = _vector(observation)
    if metadata:
        message["metadata"] = {str(k): (v if isinstance(v, str) else _number(v)) for k, v in metadata.items()}
    return message


def _reason(exception):
    """A row's reason for failing: ``Type: message`` on one line."""
    return ("%s: %s" % (type(exception).__name__, exception)).replace("\n", " ").strip()[:500]


def _error(item_id, exception):
    return {"type": "result", "id": item_id, "error": _reason(exception)}



class RequestError(ValueError):
    """A request that cannot be read; its message names what is wrong (one line)."""


def _request(line, expected=None):
    """The message object of a request line, checked to be a JSON object of a known type."""
    try:
        message = json.loads(line)
    except ValueError as exception:
        raise RequestError("a request that is not JSON (%s)" % exception)
    if not isinstance(message, dict):
        raise RequestError("a request that is not a JSON object")
    kind = message.get("type")
    if expected is not None and kind != expected:
        raise RequestError("a %r message expected, not %r" % (expected, kind))
    if kind not in ("hello", "evaluate", "shutdown"):
        raise RequestError("unexpected message type %r" % (kind,))
    return message


def _rows(message):
    """The ids, genomes and seeds of an evaluate message (RequestError naming the field)."""
    items = message.get("items")
    if not isinstance(items, list):
        raise RequestError("an 'evaluate' message that cannot be read (items: a list expected)")
    ids, genomes, seeds = [], [], []
    for index, item in enumerate(items):
        field = "items[%d]" % index
        try:
            if not isinstance(item, dict):
                raise ValueError("an object expected")
            field = "items[%d].id" % index
            item_id = item["id"]
            if isinstance(item_id, bool) or not isinstance(item_id, int):
                raise ValueError("an integer expected")
            field = "items[%d].genome" % index
            genome = _read_vector(item["genome"])
            field = "items[%d].seed" % index
            seed = item["seed"]
            if isinstance(seed, bool) or not isinstance(seed, int):
                raise ValueError("an integer expected")
        except KeyError:
            raise RequestError("an 'evaluate' message that cannot be read (%s: missing)" % field)
        except Exception as exception:
            raise RequestError("an 'evaluate' message that cannot be read (%s: %s)" % (field, exception))
        ids.append(item_id)
        genomes.append(genome)
        seeds.append(seed)
    return ids, genomes, seeds


def _evaluate_rows(ids, genomes, seeds, evaluate=None, evaluate_batch=None):
    """The result messages of rows evaluated here, in order."""
    answers = []
    if evaluate_batch is not None:
        try:
            outcomes = list(evaluate_batch(genomes, seeds))
            if len(outcomes) != len(ids):
                raise ValueError("the batch function returned %d answers for %d genomes" % (len(outcomes), len(ids)))
        except Exception as exception:  # the whole batch failed: every row says why
            return [_error(item_id, exception) for item_id in ids]
        for item_id, outcome in zip(ids, outcomes):
            try:
                answers.append(_result(item_id, outcome))
            except Exception as exception:
                answers.append(_error(item_id, exception))
        return answers
    for item_id, genome, seed in zip(ids, genomes, seeds):
        try:
            answers.append(_result(item_id, evaluate(genome, seed)))
        except Exception as exception:
            answers.append(_error(item_id, exception))
    return answers


def handle(line, declared, evaluate=None, evaluate_batch=None):
    """The answer lines to one request line (None for shutdown)."""
    message = json.loads(line)
    kind = message.get("type")
    if kind == "hello":
        return [{"type": "ready", "protocol": PROTOCOL_VERSION, "domain": declared}]
    if kind == "shutdown":
        return None
    if kind != "evaluate":
        raise ValueError("unexpected message type %r" % (kind,))
    items = message["items"]
    ids = [item["id"] for item in items]
    genomes = [_read_vector(item["genome"]) for item in items]
    seeds = [int(item["seed"]) for item in items]
    return _evaluate_rows(ids, genomes, seeds, evaluate, evaluate_batch)


# -- Evaluators: here, or on a Dask cluster -------------------------------------------------

class _LocalEvaluator:
    """Evaluates rows in this process, one batch at a time (the user's function need not be
    thread-safe, even when HTTP requests arrive together)."""

    def __init__(self, evaluate, evaluate_batch):
        self.evaluate, self.evaluate_batch = evaluate, evaluate_batch
        self.lock = threading.Lock()

    def results(self, ids, genomes, seeds):
        with self.lock:
            return _evaluate_rows(ids, genomes, seeds, self.evaluate, self.evaluate_batch)

    def close(self):
        pass


def _ship_by_value(function):
    """Lets remote Dask workers run a function of a module they cannot import (the user's
    own file next to the worker script): cloudpickle sends that module by value."""
    module = sys.modules.get(getattr(function, "__module__", None) or "")
    path = getattr(module, "__file__", None) or ""
    if module is None or module.__name__ == "__main__" or not path:
        return  # __main__ is shipped by value already
    if "site-packages" in path or "dist-packages" in path or path.startswith(sys.base_prefix):
        return
    try:
        import cloudpickle
        cloudpickle.register_pickle_by_value(module)
    except Exception:
        pass


def _one_line(exception):
    return ("%s" % (exception,)).replace("\n", " ").strip()[:300]


def _evaluate_chunk(function, batched, genomes, seeds):
    """Runs on a Dask worker: the rows of one task, each answer or its error kept apart."""
    if batched:
        try:
            answers = list(function(genomes, seeds))
            if len(answers) != len(genomes):
                raise ValueError("the batch function returned %d answers for %d genomes" % (len(answers), len(genomes)))
            return [("answer", answer) for answer in answers]
        except Exception as exception:
            return [("error", _reason(exception))] * len(genomes)
    out = []
    for genome, seed in zip(genomes, seeds):
        try:
            out.append(("answer", function(genome, seed)))
        except Exception as exception:
            out.append(("error", _reason(exception)))
    return out


class _DaskEvaluator:
    """Evaluates rows as Dask tasks (one row per task, or ``TESSERA_DASK_CHUNK`` rows) and
    answers rows in completion order."""

    def __init__(self, address, evaluate, evaluate_batch):
        try:
            from dask import distributed
        except Exception as exception:
            sys.stderr.write("tessera_worker: TESSERA_DASK needs dask.distributed "
                             "(python3 -m pip install 'dask[distributed]'): %s\n" % _one_line(exception))
            sys.stderr.flush()
            raise SystemExit(2)
        self.distributed = distributed
        self.function = evaluate_batch if evaluate_batch is not None else evaluate
        self.batched = evaluate_batch is not None
        try:
            self.chunk = int(os.environ.get("TESSERA_DASK_CHUNK", "1"))
            if not 1 <= self.chunk <= 100000:
                raise ValueError
        except ValueError:
            sys.stderr.write("tessera_worker: TESSERA_DASK_CHUNK must be a whole number in 1...100000, not %r\n"
                             % os.environ.get("TESSERA_DASK_CHUNK"))
            sys.stderr.flush()
            raise SystemExit(2)
        _ship_by_value(self.function)
        if self.chunk > 1:
            _ship_by_value(_evaluate_chunk)
        self.cluster = self.client = None
        try:
            if address == "local":
                workers = int(os.environ.get("TESSERA_DASK_WORKERS", "2"))
                self.cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                        dashboard_address=None)
                self.client = distributed.Client(self.cluster)
            else:
                timeout = float(os.environ.get("TESSERA_DASK_TIMEOUT", "10"))
                self.client = distributed.Client(address, timeout=timeout)
        except BaseException as exception:
            where = "start a local Dask cluster" if address == "local" else "connect to the Dask scheduler at %s" % address
            sys.stderr.write("tessera_worker: cannot %s: %s: %s\n" % (where, type(exception).__name__, _one_line(exception)))
            sys.stderr.flush()
            self.close()
            raise SystemExit(2)

    def _answer(self, item_id, future):
        try:
            answer = future.result()
            if self.batched:
                answers = list(answer)
                if len(answers) != 1:
                    raise ValueError("the batch function returned %d answers for 1 genome" % len(answers))
                answer = answers[0]
            return _result(item_id, answer)
        except (KeyboardInterrupt, SystemExit, _Terminate):
            raise
        except BaseException as exception:  # the task's own exception, KilledWorker, CancelledError...
            return _error(item_id, exception)

    def results(self, ids, genomes, seeds):
        """The result messages, an iterator that yields each as its task completes."""
        if not ids:
            return []
        if self.chunk > 1:
            return self._chunks(ids, genomes, seeds)
        try:
            if self.batched:
                futures = self.client.map(self.function, [[g] for g in genomes], [[s] for s in seeds], pure=False)
            else:
                futures = self.client.map(self.function, genomes, seeds, pure=False)
        except Exception as exception:  # say, a function that cannot be pickled: every row says why
            return [_error(item_id, exception) for item_id in ids]
        return self._stream(ids, futures)

    def _chunks(self, ids, genomes, seeds):
        """Rows in tasks of ``self.chunk``: a task's rows are answered when it completes, and
        all fail together when its worker is lost."""
        n = self.chunk
        parts = [(ids[i:i + n], genomes[i:i + n], seeds[i:i + n]) for i in range(0, len(ids), n)]
        try:
            futures = [self.client.submit(_evaluate_chunk, self.function, self.batched, g, s, pure=False) for _, g, s in parts]
        except Exception as exception:
            return [_error(item_id, exception) for item_id in ids]
        return self._stream_chunks([part[0] for part in parts], futures)

    def _stream_chunks(self, id_lists, futures):
        rows_of = {future.key: item_ids for future, item_ids in zip(futures, id_lists)}
        answered = set()
        try:
            try:
                for future in self.distributed.as_completed(futures):
                    answered.add(future.key)
                    item_ids = rows_of[future.key]
                    try:
                        outcomes = future.result()
                    except (KeyboardInterrupt, SystemExit, _Terminate):
                        raise
                    except BaseException as exception:  # KilledWorker, CancelledError: the task's rows say why
                        for item_id in item_ids:
                            yield _error(item_id, exception)
                        continue
                    for item_id, (kind, payload) in zip(item_ids, outcomes):
                        if kind == "answer":
                            try:
                                yield _result(item_id, payload)
                            except Exception as exception:
                                yield _error(item_id, exception)
                        else:
                            yield {"type": "result", "id": item_id, "error": payload}
            except Exception as exception:
                for future in futures:
                    if future.key not in answered:
                        answered.add(future.key)
                        for item_id in rows_of[future.key]:
                            yield _error(item_id, exception)
        finally:
            for future in futures:
                if not future.done():
                    future.cancel()

    def _stream(self, ids, futures):
        row_of = {future.key: item_id for future, item_id in zip(futures, ids)}
        answered = set()
        try:
            try:
                for future in self.distributed.as_completed(futures):
                    answered.add(future.key)
                    yield self._answer(row_of[future.key], future)
            except Exception as exception:  # the cluster itself failed: the rows not answered say why
                for future in futures:
                    if future.key not in answered:
                        answered.add(future.key)
                        yield _error(row_of[future.key], exception)
        finally:
            for future in futures:  # a reader that went away: stop what is still running
                if not future.done():
                    future.cancel()

    def close(self):
        for resource in (self.client, self.cluster):
            if resource is not None:
                try:
                    resource.close()
                except BaseException:
                    pass
        self.client = self.cluster = None


# -- Transports -----------------------------------------------------------------------------

class _Terminate(BaseException):
    """Raised by the SIGTERM handler to stop serving cleanly."""


def _on_terminate(signum, frame):
    raise _Terminate()


def _catch_termination():
    if threading.current_thread() is not threading.main_thread():
        return
    signal.signal(signal.SIGTERM, _on_terminate)
    signal.signal(signal.SIGINT, _on_terminate)
    # A parent may have blocked them (a test runner, a supervisor); this process wants them.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})


def _protocol_stdout():
    """A private stream on the process's stdout, whose file descriptor 1 then becomes a copy
    of stderr: prints (from Python, C code or the child processes) cannot reach the protocol."""
    try:
        sys.stdout.flush()
        if sys.stdout.fileno() != 1:
            raise ValueError("stdout is not file descriptor 1")
        descriptor = os.dup(1)
        os.dup2(2, 1)
        sink = io.open(descriptor, "w", encoding="utf-8", newline="\n", closefd=True)
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is both
        sink = sys.stdout
    sys.stdout = sys.stderr  # user prints must not corrupt the protocol stream
    return sink


def _serve_pipes(declared, evaluator, source, sink):
    for line in source:
        if not line.strip():
            continue
        message = json.loads(line)
        kind = message.get("type")
        if kind == "hello":
            sink.write(_dumps({"type": "ready", "protocol": PROTOCOL_VERSION, "domain": declared}) + "\n")
            sink.flush()
        elif kind == "shutdown":
            break
        elif kind == "evaluate":
            items = message["items"]
            ids = [item["id"] for item in items]
            genomes = [_read_vector(item["genome"]) for item in items]
            seeds = [int(item["seed"]) for item in items]
            answers = evaluator.results(ids, genomes, seeds)
            if isinstance(answers, list):
                for answer in answers:
                    sink.write(_dumps(answer) + "\n")
                sink.flush()
            else:  # streamed in completion order: each line as soon as it is known
                for answer in answers:
                    sink.write(_dumps(answer) + "\n")
                    sink.flush()
        else:
            raise ValueError("unexpected message type %r" % (kind,))


def _split_address(address):
    host, separator, port = address.strip().rpartition(":")
    if not separator or not port.isdigit():
        raise ValueError("TESSERA_HTTP must be HOST:PORT, not %r" % (address,))
    return host.strip("[]") or "127.0.0.1", int(port)


def _http_server(address, declared, evaluator, token):
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    import socket

    host, port = _split_address(address)

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        allow_reuse_address = True
        address_family = socket.AF_INET6 if ":" in host else socket.AF_INET

    expected = ("Bearer " + token).encode("utf-8") if token else None
    paths = {"/v1/hello", "/v1/evaluate"}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "tessera-worker/1"
        # Headers and body go out as separate writes; with Nagle's algorithm and the
        # client's delayed ACK every answer on a kept-alive connection waited 40 ms.
        disable_nagle_algorithm = True

        def log_message(self, format, *args):  # no access log on stdout or stderr
            pass

        def _send(self, status, body, content_type="application/json", close=False):
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            if status == 405:
                self.send_header("Allow", "POST")
            if close:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def _fail(self, status, reason, close=False):
            self._send(status, _dumps({"error": reason}) + "\n", close=close)

        def _authorized(self):
            if expected is None:
                return True
            given = (self.headers.get("Authorization") or "").strip().encode("utf-8", "replace")
            return hmac.compare_digest(given, expected)

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
                raise RequestError("a request without Content-Length")
            return self.rfile.read(int(length))

        def _route(self):
            """Checks the token, the path and the method; True when the request goes on."""
            if not self._authorized():
                self._fail(401, "missing or wrong bearer token", close=True)
                return False
            if self.path.split("?")[0] not in paths:
                self._fail(404, "no such path %r: POST /v1/hello or /v1/evaluate" % self.path.split("?")[0], close=True)
                return False
            if self.command != "POST":
                self._fail(405, "%s is not allowed: POST expected" % self.command, close=True)
                return False
            return True

        def do_GET(self):
            self._route()

        do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = do_GET

        def do_POST(self):
            if not self._route():
                return
            try:
                body = self._body()
            except (ValueError, OSError) as exception:
                self._fail(400, "a body that cannot be read (%s)" % _one_line(exception), close=True)
                return
            try:
                line = body.decode("utf-8")
                if self.path.split("?")[0] == "/v1/hello":
                    _request(line, "hello")
                    self._send(200, _dumps({"type": "ready", "protocol": PROTOCOL_VERSION, "domain": declared}) + "\n")
                    return
                ids, genomes, seeds = _rows(_request(line, "evaluate"))
            except UnicodeDecodeError:
                self._fail(400, "a body that is not UTF-8")
                return
            except RequestError as exception:
                self._fail(400, _one_line(exception))
                return
            try:
                answers = evaluator.results(ids, genomes, seeds)
                if isinstance(answers, list):
                    self._send(200, "".join(_dumps(answer) + "\n" for answer in answers), "application/x-ndjson")
                    return
            except Exception as exception:
                self._fail(500, "%s: %s" % (type(exception).__name__, _one_line(exception)))
                return
            # Streamed (Dask): chunked, one line per chunk as each row completes.
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for answer in answers:
                    data = (_dumps(answer) + "\n").encode("utf-8")
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                    self.wfile.flush()
                self.wfile.write(b"0\r\n\r\n")
                self.wfile.flush()
            except OSError:  # the client went away: stop its rows
                answers.close()
                self.close_connection = True

    return Server((host, port), Handler)


def _reimported_by_multiprocessing(caller):
    if caller.f_globals.get("__name__") == "__mp_main__":
        return True
    multiprocessing = sys.modules.get("multiprocessing")
    return bool(multiprocessing and getattr(multiprocessing.current_process(), "_inheriting", False))


def serve(evaluate=None, *, evaluate_batch=None, stdin=None, stdout=None, http=None, dask=None, **domain_arguments):
    """Runs a protocol worker until Tessera sends ``shutdown`` (or stdin ends).

    Pass ``evaluate(genome, seed)`` for one row at a time, or ``evaluate_batch(genomes,
    seeds)`` returning one answer per genome; the other keyword arguments are those of
    ``domain``. Anything the function prints goes to stderr, never into the protocol.
    ``http="HOST:PORT"`` (or ``TESSERA_HTTP``) serves HTTP instead of stdin/stdout until
    SIGTERM/SIGINT; ``dask="ADDRESS"`` (or ``TESSERA_DASK``) evaluates on a Dask cluster.
    """
    if (evaluate is None) == (evaluate_batch is None):
        raise TypeError("pass exactly one of evaluate and evaluate_batch")
    if _reimported_by_multiprocessing(sys._getframe(1)):
        # The worker script run again in a process that multiprocessing spawned (a Dask
        # worker of a local cluster): only its definitions are wanted, not a second worker.
        return
    declared = domain(**domain_arguments)
    http = http or os.environ.get("TESSERA_HTTP") or None
    dask = dask or os.environ.get("TESSERA_DASK") or None
    if http:
        _split_address(http)  # a wrong address fails before anything starts
    source = stdin or sys.stdin
    sink = stdout if stdout is not None else _protocol_stdout()
    if http or dask:
        _catch_termination()
    evaluator = None
    server = None
    try:
        evaluator = _DaskEvaluator(dask, evaluate, evaluate_batch) if dask else _LocalEvaluator(evaluate, evaluate_batch)
        if not http:
            _serve_pipes(declared, evaluator, source, sink)
            return
        server = _http_server(http, declared, evaluator, os.environ.get("TESSERA_HTTP_TOKEN") or None)
        host, port = server.server_address[:2]
        shown = "[%s]" % host if ":" in host else host
        sink.write("listening on http://%s:%d\n" % (shown, port))
        sink.flush()
        server.serve_forever()
    except (_Terminate, KeyboardInterrupt):
        pass
    finally:
        if server is not None:
            server.server_close()
        if evaluator is not None:
            evaluator.close()
