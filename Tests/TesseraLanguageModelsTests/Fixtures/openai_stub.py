"""A loopback stand-in for an OpenAI-compatible server, for the language-model client's
tests (standard library only).

    python3 openai_stub.py --mode MODE

binds 127.0.0.1 on a free port, prints ``listening on http://127.0.0.1:PORT`` and serves
``POST /v1/completions`` and ``POST /v1/chat/completions`` until killed or its stdin
closes. Every answer is a pure function of the request: the text is ``" echo N"`` with N
the prompt's length in characters, and when log-probabilities are asked for, the first
token is " yes" (log-probability -0.25) with alternatives " no" (-1.5) and " Yes" (-3.0),
in the legacy layout for completions and the chat layout for chat. Each request takes
50 ms; ``POST /stats`` answers ``{"requests": n, "max_in_flight": m}``.

  ok          as above
  500-twice   the first two requests answer 500
  429         the first attempt of each distinct body answers 429 with Retry-After: 1
  cut         the first attempt of each distinct body answers a JSON body cut in half
  slow        every request sleeps 3 s
  key         requests need "Authorization: Bearer $STUB_KEY" (else 401)
"""
import argparse
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODE = "ok"
LOCK = threading.Lock()
STATE = {"requests": 0, "in_flight": 0, "max_in_flight": 0, "seen": set()}


def completion(body, chat):
    prompt = body["messages"][-1]["content"] if chat else body["prompt"]
    text = " echo %d" % len(prompt)
    choice = {"index": 0, "finish_reason": "length"}
    wants = body.get("logprobs")
    if chat:
        choice["message"] = {"role": "assistant", "content": text}
        if wants:
            top = [{"token": t, "logprob": lp} for t, lp in [(" yes", -0.25), (" no", -1.5), (" Yes", -3.0)]]
            choice["logprobs"] = {"content": [{"token": " yes", "logprob": -0.25, "top_logprobs": top}]}
        else:
            choice["logprobs"] = None
    else:
        choice["text"] = text
        if wants:
            choice["logprobs"] = {"tokens": [" yes"], "token_logprobs": [-0.25],
                                  "top_logprobs": [{" yes": -0.25, " no": -1.5, " Yes": -3.0}], "text_offset": [0]}
        else:
            choice["logprobs"] = None
    return {"id": "cmpl-stub", "object": "chat.completion" if chat else "text_completion", "model": body.get("model", "stub"),
            "choices": [choice], "usage": {"prompt_tokens": len(prompt) // 4, "completion_tokens": 2, "total_tokens": len(prompt) // 4 + 2}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        pass

    def answer(self, status, payload, headers=()):
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/stats":
            with LOCK:
                return self.answer(200, {"requests": STATE["requests"], "max_in_flight": STATE["max_in_flight"]})
        if MODE == "key" and self.headers.get("Authorization") != "Bearer " + os.environ.get("STUB_KEY", "\0"):
            return self.answer(401, {"error": {"message": "invalid api key", "type": "auth"}})
        chat = self.path == "/v1/chat/completions"
        if not chat and self.path != "/v1/completions":
            return self.answer(404, {"error": {"message": "no route " + self.path}})
        with LOCK:
            STATE["requests"] += 1
            count = STATE["requests"]
            STATE["in_flight"] += 1
            STATE["max_in_flight"] = max(STATE["max_in_flight"], STATE["in_flight"])
            first = raw not in STATE["seen"]
            STATE["seen"].add(raw)
        try:
            time.sleep(3 if MODE == "slow" else 0.05)
            if MODE == "500-twice" and count <= 2:
                return self.answer(500, {"error": {"message": "internal"}})
            if MODE == "429" and first:
                return self.answer(429, {"error": {"message": "rate limited"}}, [("Retry-After", "1")])
            payload = json.dumps(completion(json.loads(raw), chat)).encode()
            if MODE == "cut" and first:
                payload = payload[: len(payload) // 2]
            self.answer(200, payload)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with LOCK:
                STATE["in_flight"] -= 1


def main():
    global MODE
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", default="ok")
    MODE = parser.parse_args().mode
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print("listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # until the test closes stdin or kills us


if __name__ == "__main__":
    main()
