#!/usr/bin/env python3
"""A scripted OpenAI-compatible server for QDAIF benchmarks and tests: a small, exact
"world" in which texts have heritable qualities, so search strategies can be compared
without a real model (standard library only, loopback only).

    python3 Scripts/scripted_llm_server.py [--port 0] [--latency SECONDS]

prints ``listening on http://127.0.0.1:PORT/v1`` and serves ``GET /v1/models``,
``POST /v1/completions`` (and ``/v1/chat/completions``) and ``GET /stats`` (requests
answered, distinct request bodies among them, and the most in flight at once).

The world:

* A judge prompt (QDAIF's ``### Instruction: … ### Input: … ### Response:``) is answered
  from the judged text's words alone. Every word has a weight per question, a hash of
  (word, question) in [-1, 1]. With two quoted options, P(first) = sigmoid(3 s) where s is
  the weights' sum over the words divided by the square root of their number; with more
  options, one such score per option and a softmax. The quality question adds a bonus for
  distinct words. The answer carries the options' log-probabilities (legacy layout).
* Any other prompt is a few-shot prompt (LMX): the examples are the parts between ``###``
  separators, and the new text takes, word by word, the word at that position of a random
  example, replaced by a random word of a fixed vocabulary with probability 0.1 (`--mutation`). So
  children resemble their parents, and their judged measures too.

Every answer is a pure function of the request (prompt and seed), so runs are exact.
"""
import argparse
import json
import math
import os
import random
import re
import signal
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VOCABULARY = (
    "spy politician garden storm letter secret dance river mask vote bread city dawn winter summer silver iron glass "
    "forest ocean mountain window market promise betrayal courage fear hope laughter silence thunder whisper shadow "
    "light candle road bridge train harbour village castle library school doctor farmer sailor child mother father "
    "friend enemy stranger king queen soldier poet painter singer dragon wolf horse bird cat dog apple salad carrot "
    "vegetable health taste cheap expensive delicious awful wonderful terrible happy sad angry calm bright dark cold "
    "warm quick slow old young brave cruel kind gentle wild quiet loud sweet bitter fresh rotten honest false true "
    "lost found broken whole empty full strange familiar ancient modern hidden open final first"
).split()

STATE = {"requests": 0, "in_flight": 0, "max_in_flight": 0, "seen": set()}
LOCK = threading.Lock()
LATENCY = 0.0
MUTATION = 0.1


def words(text):
    return re.findall(r"[a-z']+", text.lower())


def weight(word, salt):
    return (zlib.crc32((word + "|" + salt).encode()) % 20001) / 10000.0 - 1.0


def score(text_words, salt):
    if not text_words:
        return 0.0
    return sum(weight(w, salt) for w in text_words) / math.sqrt(len(text_words))


def judge(instruction, text):
    """The options' log-probabilities for one question about ``text``."""
    options = re.findall(r'"([^"]+)"', instruction) or ["yes", "no"]
    text_words = words(text)
    if len(options) == 2:
        s = 3.0 * score(text_words, instruction)
        if "quality" in instruction.lower() or "high-quality" in instruction.lower():
            distinct = len(set(text_words)) / max(len(text_words), 1)
            s += 4.0 * (distinct - 0.75)
        p = 1.0 / (1.0 + math.exp(-max(min(s, 30.0), -30.0)))
        p = min(max(p, 1e-9), 1 - 1e-9)
        pairs = [(options[0], math.log(p)), (options[1], math.log(1 - p))]
    else:
        scores = [3.0 * score(text_words, instruction + "|" + option) for option in options]
        top = max(scores)
        total = sum(math.exp(x - top) for x in scores)
        pairs = [(option, x - top - math.log(total)) for option, x in zip(options, scores)]
    return sorted(((" " + option, lp) for option, lp in pairs), key=lambda pair: -pair[1])


def generate(prompt, seed):
    """A new example for a few-shot prompt: positional crossover of the examples, mutated."""
    parts = prompt.split("\n###\n")
    template = parts[-1]
    examples = [words(part[len(template):] if part.startswith(template) else part) for part in parts[:-1]]
    examples = [e for e in examples if e] or [words(prompt)[-8:] or ["silence"]]
    rng = random.Random(zlib.crc32((prompt + "|" + str(seed)).encode()))
    length = min(max(len(rng.choice(examples)), 4), 40)
    out = []
    for i in range(length):
        example = rng.choice(examples)
        word = example[i % len(example)]
        if rng.random() < MUTATION:
            word = rng.choice(VOCABULARY)
        out.append(word)
    return " " + " ".join(out) + ".\n###\n"


def completion(body, chat):
    prompt = body["messages"][-1]["content"] if chat else body["prompt"]
    if "### Instruction:\n" in prompt and "\n\n### Input:\n" in prompt:
        instruction = prompt.split("### Instruction:\n", 1)[1].split("\n\n### Input:", 1)[0]
        text = prompt.split("### Input:\n", 1)[1].split("\n\n### Response:", 1)[0]
        top = judge(instruction, text)
        answer, tokens = top[0][0], 1
        logprobs = {"tokens": [top[0][0]], "token_logprobs": [top[0][1]], "top_logprobs": [dict(top)], "text_offset": [0]}
    else:
        answer = generate(prompt, body.get("seed"))
        tokens = len(answer.split())
        logprobs = None
    usage = {"prompt_tokens": len(prompt) // 4, "completion_tokens": tokens, "total_tokens": len(prompt) // 4 + tokens}
    if chat:
        choice = {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": answer}, "logprobs": None}
        if logprobs:
            choice["logprobs"] = {"content": [{"token": logprobs["tokens"][0], "logprob": logprobs["token_logprobs"][0],
                                               "top_logprobs": [{"token": t, "logprob": lp} for t, lp in logprobs["top_logprobs"][0].items()]}]}
        return {"object": "chat.completion", "model": "scripted-world", "choices": [choice], "usage": usage}
    return {"object": "text_completion", "model": "scripted-world",
            "choices": [{"index": 0, "text": answer, "finish_reason": "stop", "logprobs": logprobs}], "usage": usage}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        pass

    def answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/v1/models":
            return self.answer(200, {"object": "list", "data": [{"id": "scripted-world", "object": "model"}]})
        if self.path == "/stats":
            with LOCK:
                return self.answer(200, {"requests": STATE["requests"], "distinct": len(STATE["seen"]),
                                         "max_in_flight": STATE["max_in_flight"]})
        self.answer(404, {"error": {"message": "no route " + self.path}})

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        chat = self.path == "/v1/chat/completions"
        if not chat and self.path != "/v1/completions":
            return self.answer(404, {"error": {"message": "no route " + self.path}})
        with LOCK:
            STATE["requests"] += 1
            STATE["seen"].add((zlib.crc32(raw), len(raw)))
            STATE["in_flight"] += 1
            STATE["max_in_flight"] = max(STATE["max_in_flight"], STATE["in_flight"])
        try:
            if LATENCY > 0:
                time.sleep(LATENCY)
            self.answer(200, completion(json.loads(raw), chat))
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            with LOCK:
                STATE["in_flight"] -= 1


def main():
    global LATENCY, MUTATION
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds every answer waits (a model's time)")
    parser.add_argument("--mutation", type=float, default=0.1, help="probability that a word of a new text is a random one")
    arguments = parser.parse_args()
    LATENCY = arguments.latency
    MUTATION = arguments.mutation
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    try:  # die with the parent (Linux)
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)
    except OSError:
        pass
    server = ThreadingHTTPServer(("127.0.0.1", arguments.port), Handler)
    server.daemon_threads = True
    print("listening on http://127.0.0.1:%d/v1" % server.server_address[1], flush=True)
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
