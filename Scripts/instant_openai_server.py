#!/usr/bin/env python3
"""An OpenAI-compatible server that answers at once, for timing the language-model client's
own overhead (`tessera bench llm-client`, Scripts/bench_llm_client.py). Standard library
only.

    python3 Scripts/instant_openai_server.py [--port 0]

It binds 127.0.0.1 (``--port 0``: a free port), prints exactly
``listening on http://127.0.0.1:PORT/v1`` as its first line on stdout, and serves until
SIGTERM or SIGINT:

- ``POST /v1/completions`` and ``POST /v1/chat/completions``: one fixed, valid answer, the
  same bytes every time: one choice with the text "Yes" (``message.content`` for chat),
  ``finish_reason`` "length", log-probabilities in the chat layout (the first token "Yes",
  -0.1, with the alternatives "Yes" -0.1 and "No" -2.4; llama.cpp's server uses this layout
  for completions too) and ``usage`` with 3 prompt and 1 completion tokens. The request body
  is read (by Content-Length) but not parsed.
- ``GET /stats``: ``{"requests": n, "max_in_flight": m, "max_connections": c}``: the
  completions answered, the most requests read and not yet answered at once, and the most
  connections open at once.

HTTP/1.1 with keep-alive (HTTP/1.0 and ``Connection: close`` close after the answer), an
exact Content-Length on every answer, ``Expect: 100-continue`` honoured, pipelined
requests answered in order.

Why not ``http.server``: the client's overhead is measured against it on the same two
cores, so each request must cost the server as little as possible. ``ThreadingHTTPServer``
spends a thread switch and a full header parse per request; this server is one asyncio
protocol on one thread with a minimal parser. An answer is written on the event loop's next
pass after its request was read, so the requests read in one pass count as in flight
together.
"""
import argparse
import asyncio
import json
import signal
import sys

_TOP = [{"token": "Yes", "logprob": -0.1}, {"token": "No", "logprob": -2.4}]
_LOGPROBS = {"content": [{"token": "Yes", "logprob": -0.1, "top_logprobs": _TOP}]}
_USAGE = {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4}


def _answer(status, reason, payload, keep_alive=True):
    """The bytes of a whole HTTP/1.1 answer with a JSON body."""
    body = json.dumps(payload, separators=(",", ":")).encode()
    head = "HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n%s\r\n" % (
        status, reason, len(body), "" if keep_alive else "Connection: close\r\n")
    return head.encode() + body


_COMPLETION = {"id": "cmpl-instant", "object": "text_completion", "created": 0, "model": "instant",
               "choices": [{"index": 0, "text": "Yes", "finish_reason": "length", "logprobs": _LOGPROBS}],
               "usage": _USAGE}
_CHAT = {"id": "chatcmpl-instant", "object": "chat.completion", "created": 0, "model": "instant",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": "Yes"}, "finish_reason": "length",
                      "logprobs": _LOGPROBS}],
         "usage": _USAGE}
# Answers by (method, path) and keep-alive, made once.
_ROUTES = {(b"POST", b"/v1/completions"): _COMPLETION, (b"POST", b"/v1/chat/completions"): _CHAT}
_FIXED = {(route, keep): _answer(200, "OK", payload, keep) for route, payload in _ROUTES.items() for keep in (True, False)}
_CONTINUE = b"HTTP/1.1 100 Continue\r\n\r\n"
_LARGEST_HEAD = 64 * 1024
_LARGEST_BODY = 64 * 1024 * 1024


class Counters:
    """What ``GET /stats`` reports."""

    def __init__(self):
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.connections = 0
        self.max_connections = 0

    def stats(self):
        return {"requests": self.requests, "max_in_flight": self.max_in_flight, "max_connections": self.max_connections}


class Connection(asyncio.Protocol):
    """One client connection: reads requests from a buffer and answers them in order."""

    def __init__(self, counters, loop):
        self.counters = counters
        self.loop = loop
        self.transport = None
        self.buffer = b""
        self.head = None  # (method, path, content_length, keep_alive) of a request whose body is awaited
        self.closing = False

    def connection_made(self, transport):
        self.transport = transport
        self.counters.connections += 1
        self.counters.max_connections = max(self.counters.max_connections, self.counters.connections)

    def connection_lost(self, exc):
        self.counters.connections -= 1
        self.transport = None

    def data_received(self, data):
        self.buffer = self.buffer + data if self.buffer else data
        while not self.closing:
            if self.head is None:
                end = self.buffer.find(b"\r\n\r\n")
                if end < 0:
                    if len(self.buffer) > _LARGEST_HEAD:
                        self.fail(431, "Request Header Fields Too Large", "the request head is too large")
                    return
                head = self.parse(self.buffer[:end])
                self.buffer = self.buffer[end + 4:]
                if head is None:
                    return
                self.head = head
                if head[4]:
                    self.transport.write(_CONTINUE)
            method, path, length, keep_alive, _ = self.head
            if len(self.buffer) < length:
                return
            self.buffer = self.buffer[length:]
            self.head = None
            if not keep_alive:
                self.closing = True
            self.counters.in_flight += 1
            self.counters.max_in_flight = max(self.counters.max_in_flight, self.counters.in_flight)
            self.loop.call_soon(self.respond, method, path, keep_alive)

    def parse(self, raw):
        """(method, path, Content-Length, keep-alive, expects 100-continue) of a request head,
        or ``None`` after answering 400 when it cannot be read."""
        lines = raw.split(b"\r\n")
        parts = lines[0].split(b" ")
        if len(parts) != 3 or not parts[2].startswith(b"HTTP/1."):
            self.fail(400, "Bad Request", "not an HTTP/1.x request line")
            return None
        method, path, version = parts
        keep_alive = version == b"HTTP/1.1"
        length = 0
        expect = False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                try:
                    length = int(value.strip())
                except ValueError:
                    length = -1
                if not 0 <= length <= _LARGEST_BODY:
                    self.fail(400, "Bad Request", "a bad Content-Length")
                    return None
            elif name == b"connection":
                token = value.strip().lower()
                if token == b"close":
                    keep_alive = False
                elif token == b"keep-alive":
                    keep_alive = True
            elif name == b"transfer-encoding":
                self.fail(411, "Length Required", "chunked bodies are not supported; send Content-Length")
                return None
            elif name == b"expect" and value.strip().lower() == b"100-continue":
                expect = True
        return method, path, length, keep_alive, expect

    def respond(self, method, path, keep_alive):
        self.counters.in_flight -= 1
        if self.transport is None:
            return
        fixed = _FIXED.get(((method, path), keep_alive))
        if fixed is not None:
            self.counters.requests += 1
            self.transport.write(fixed)
        elif path == b"/stats" and method == b"GET":
            self.transport.write(_answer(200, "OK", self.counters.stats(), keep_alive))
        elif (b"POST", path) in _ROUTES or path == b"/stats":
            self.transport.write(_answer(405, "Method Not Allowed", {"error": {"message": "method not allowed"}}, keep_alive))
        else:
            self.transport.write(_answer(404, "Not Found", {"error": {"message": "no route " + path.decode("latin-1")}}, keep_alive))
        if not keep_alive:
            self.transport.close()

    def fail(self, status, reason, message):
        """Answers an unreadable request and closes the connection."""
        self.closing = True
        self.transport.write(_answer(status, reason, {"error": {"message": message}}, keep_alive=False))
        self.transport.close()


def _die_with_parent():
    """Unblocks SIGTERM and SIGINT (a test runner may block them for its children) and, on
    Linux, asks for SIGKILL when the parent dies, so no server outlives its test or script."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


async def serve(port):
    loop = asyncio.get_running_loop()
    counters = Counters()
    stopped = loop.create_future()
    for number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(number, lambda: stopped.done() or stopped.set_result(None))
    server = await loop.create_server(lambda: Connection(counters, loop), "127.0.0.1", port, backlog=1024)
    bound = server.sockets[0].getsockname()[1]
    print("listening on http://127.0.0.1:%d/v1" % bound, flush=True)
    async with server:
        await stopped


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8080, help="the port on 127.0.0.1; 0 for a free one")
    args = parser.parse_args()
    if not 0 <= args.port <= 65535:
        sys.exit("instant_openai_server: --port must be in 0-65535")
    _die_with_parent()
    try:
        asyncio.run(serve(args.port))
    except OSError as error:
        sys.exit("instant_openai_server: cannot listen on 127.0.0.1:%d: %s" % (args.port, error.strerror or error))


if __name__ == "__main__":
    main()
