"""A loopback stand-in for an OpenAI-compatible server, for the language-model client's
tests (standard library only).

    python3 openai_stub.py --mode MODE

binds 127.0.0.1 on a free port, prints ``listening on http://127.0.0.1:PORT`` and serves
``GET /v1/models``, ``POST /v1/completions`` and ``POST /v1/chat/completions`` until killed or its stdin
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
  qdaif       completions of QDAIF's judge prompts give one of their quoted options a
              probability drawn from a CRC of the judged text (the option too); other completions are six
              words drawn from a CRC of the prompt and its seed, then "###"
"""
import argparse
import json
import math
import re
import zlib
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODE = "ok"
LOCK = threading.Lock()
STATE = {"requests": 0, "in_flight": 0, "max_in_flight": 0, "seen": set()}


def judged(prompt, options):
    """A judge's first token for the QDAIF prompts: the first option with a probability that
    is a function of the judged text (its CRC), the others sharing the rest."""
    text = prompt.split("### Input:\n", 1)[1].split("\n\n### Response:", 1)[0]
    digest = zlib.crc32((text + "|" + options[0]).encode())
    p = (digest % 997 + 1) / 999.0
    favoured = (digest >> 12) % len(options)
    rest = (1 - p) / (len(options) - 1)
    top = [(" " + option, math.log(p if index == favoured else rest)) for index, option in enumerate(options)]
    return sorted(top, key=lambda pair: -pair[1])


def completion(body, chat):
    prompt = body["messages"][-1]["content"] if chat else body["prompt"]
    text = " echo %d" % len(prompt)
    if MODE == "qdaif" and not chat:
        if "### Instruction:" in prompt:
            instruction = prompt.split("### Instruction:\n", 1)[1].split("\n\n### Input:", 1)[0]
            options = re.findall(r'"([^"]+)"', instruction)
            top = judged(prompt, options)
            text = top[0][0]
            return {"id": "cmpl-stub", "object": "text_completion", "model": "stub",
                    "choices": [{"index": 0, "text": text, "finish_reason": "length",
                                 "logprobs": {"tokens": [top[0][0]], "token_logprobs": [top[0][1]],
                                              "top_logprobs": [dict(top)], "text_offset": [0]}}],
                    "usage": {"prompt_tokens": len(prompt) // 4, "completion_tokens": 1, "total_tokens": len(prompt) // 4 + 1}}
        digest = zlib.crc32((prompt + str(body.get("seed"))).encode())
        words = ["spy", "politician", "garden", "storm", "letter", "secret", "dance", "river", "mask", "vote"]
        text = " " + " ".join(words[(digest >> (3 * i)) % len(words)] for i in range(6)) + ".\n###\nmore"
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

    def do_GET(self):
        if MODE == "key" and self.headers.get("Authorization") != "Bearer " + os.environ.get("STUB_KEY", "\0"):
            return self.answer(401, {"error": {"message": "invalid api key", "type": "auth"}})
        if self.path == "/v1/models":
            return self.answer(200, {"object": "list", "data": [{"id": "stub", "object": "model"}]})
        return self.answer(404, {"error": {"message": "no route " + self.path}})

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
