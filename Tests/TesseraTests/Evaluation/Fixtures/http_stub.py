"""A loopback stand-in for an HTTP evaluation service, for HTTPWorkerTests (stdlib only).

    python3 http_stub.py --mode MODE

binds 127.0.0.1 on a free port, prints ``listening on http://127.0.0.1:PORT`` and serves
``POST /v1/hello`` (a ``ready`` line: 2 genome numbers, descriptors in [-5, 5]^2) and
``POST /v1/evaluate`` (one ``result`` line per item, in reverse order: the sphere
objective -sum(x^2) and the descriptor [x0, x1]) until it is killed or its stdin closes. The mode bends it:

  ok            as above
  500-twice     the first two evaluate requests answer 500, then as ok
  always-503    every evaluate request answers 503
  429           the first request of each batch answers 429 with Retry-After: 1
  slow          evaluate sleeps 3 s before answering
  token         every request needs "Authorization: Bearer $HTTP_STUB_TOKEN" (else 401,
                echoing the header it got)
  garbage       the results plus two lines that are not results, a duplicate, an unknown id
  missing       the result of the batch's last item is left out
  bad-ready     hello answers protocol 99
  redirect      evaluate answers 307 to another path (a client must not follow it with its token)
"""
import argparse
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DOMAIN = {"genome": {"dimension": 2}, "descriptors": {"names": ["x0", "x1"], "lower": [-5, -5], "upper": [5, 5]}}
MODE = "ok"
LOCK = threading.Lock()
EVALUATE_REQUESTS = [0]
SEEN_BATCHES = set()


def result(item):
    genome = item["genome"]
    return json.dumps({"type": "result", "id": item["id"], "objective": -sum(x * x for x in genome),
                       "descriptor": [genome[0], genome[1]]})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):
        pass

    def answer(self, status, lines, headers=()):
        body = "".join(line + "\n" for line in lines).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if MODE == "token" and self.headers.get("Authorization") != "Bearer " + os.environ.get("HTTP_STUB_TOKEN", "\0"):
            # Echoes what it got, as careless services do: the client must redact it.
            return self.answer(401, ["missing or wrong bearer token (got %r)" % self.headers.get("Authorization")])
        if self.headers.get("Content-Type") != "application/json":
            return self.answer(415, ["expected Content-Type application/json"])
        message = json.loads(data)
        if self.path == "/v1/hello" and message.get("type") == "hello":
            version = 99 if MODE == "bad-ready" else 1
            return self.answer(200, [json.dumps({"type": "ready", "protocol": version, "domain": DOMAIN})])
        if self.path != "/v1/evaluate" or message.get("type") != "evaluate":
            return self.answer(404, ["no such endpoint: " + self.path])
        items = message["items"]
        with LOCK:
            EVALUATE_REQUESTS[0] += 1
            count = EVALUATE_REQUESTS[0]
            batch = tuple(item["id"] for item in items)
            first = batch not in SEEN_BATCHES
            SEEN_BATCHES.add(batch)
        if MODE == "500-twice" and count <= 2:
            return self.answer(500, ["internal error"])
        if MODE == "always-503":
            return self.answer(503, ["overloaded"])
        if MODE == "429" and first:
            return self.answer(429, ["slow down"], [("Retry-After", "1")])
        if MODE == "slow":
            time.sleep(3)
        if MODE == "redirect" and self.path == "/v1/evaluate":
            port = self.server.server_address[1]
            return self.answer(307, ["moved"], [("Location", "http://127.0.0.1:%d/elsewhere/v1/evaluate" % port)])
        lines = [result(item) for item in reversed(items)]
        if MODE == "garbage":
            lines = ["this is not json", json.dumps({"type": "shutdown"})] + lines
            lines += [lines[-1], json.dumps({"type": "result", "id": 987654, "objective": 1, "descriptor": [0, 0]})]
        if MODE == "missing":
            lines = lines[1:]
        try:
            self.answer(200, lines)
        except (BrokenPipeError, ConnectionResetError):
            pass


def main():
    global MODE
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", default="ok")
    MODE = parser.parse_args().mode
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
