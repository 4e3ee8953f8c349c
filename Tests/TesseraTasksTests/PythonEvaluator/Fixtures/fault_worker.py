#!/usr/bin/env python3
"""A protocol worker that misbehaves on purpose, for the evaluators' fault-injection tests.

It evaluates the sphere of Examples/PythonEvaluator/sphere.py (--dims D, 10 by default)
and declares its domain, but misbehaves according to --mode. Faults hit the "marked" rows,
those whose seed % 13 == 0, so a retried row (same seed) misbehaves again.

    ok               behaves
    crash-mid-batch  a batch of 2 or more items: answers its first half (n // 2), exits with 3
    crash-on-marked  answers the items before a marked one, then exits with 3
    hang-on-marked   answers the items before a marked one, then sleeps (an hour)
    garbage          a line that is not JSON before every result; a marked item gets only that
    out-of-order     answers each batch in reverse order
    duplicate        answers every id twice, and each batch an id never sent (1000000000)
    wrong-dims       marked items get a descriptor of 3 numbers
    nan              marked items get the objective "nan"
    error            marked items get {"error": "ValueError: marked row"}
    bad-ready        answers hello with protocol 99 (then behaves)
    silent           never answers anything (reads stdin until it ends, then exits 0)
    exit-at-start    writes "cannot load the simulator" to stderr and exits 1 before reading
    stderr-noise     behaves, and writes "fault_worker: batch of N" to stderr for each batch

stdout carries protocol lines only (and the deliberate garbage), flushed line by line.
"shutdown" or the end of stdin: exit 0.

Usage: python3 fault_worker.py --mode MODE [--dims D]
"""
import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "Examples", "PythonEvaluator")))
from tessera_worker import PROTOCOL_VERSION, _dumps, _error, _read_vector, _result, domain  # noqa: E402
from sphere import make_evaluate  # noqa: E402

MODES = ["ok", "crash-mid-batch", "crash-on-marked", "hang-on-marked", "garbage", "out-of-order", "duplicate",
         "wrong-dims", "nan", "error", "bad-ready", "silent", "exit-at-start", "stderr-noise"]
NEVER_SENT = 10 ** 9
GARBAGE = "this line is not JSON {"


def marked(seed):
    return seed % 13 == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mode", choices=MODES, required=True)
    parser.add_argument("--dims", type=int, default=10)
    args = parser.parse_args()
    mode, dims = args.mode, args.dims
    out = sys.stdout

    def write(line):
        out.write(line + "\n")
        out.flush()

    def send(message):
        write(_dumps(message))

    if mode == "exit-at-start":
        sys.stderr.write("cannot load the simulator\n")
        sys.stderr.flush()
        return 1
    if mode == "silent":
        for _ in sys.stdin:
            pass
        return 0

    evaluate = make_evaluate(dims)
    bound = dims / 2 * 5.12
    declared = domain(dims, [-bound, -bound], [bound, bound], descriptor_names=["x_first_half", "x_second_half"],
                      objective_lower=0.0, objective_upper=100.0)

    def answer(item):
        try:
            return _result(item["id"], evaluate(_read_vector(item["genome"]), int(item["seed"])))
        except Exception as exception:
            return _error(item["id"], exception)

    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            message = json.loads(line)
            kind = message["type"]
        except (ValueError, KeyError, TypeError) as exception:
            sys.stderr.write("fault_worker: unreadable request: %s\n" % exception)
            continue
        if kind == "hello":
            send({"type": "ready", "protocol": 99 if mode == "bad-ready" else PROTOCOL_VERSION, "domain": declared})
            continue
        if kind == "shutdown":
            return 0
        if kind != "evaluate":
            sys.stderr.write("fault_worker: unexpected message type %r\n" % (kind,))
            continue
        items = message["items"]
        if mode == "stderr-noise":
            sys.stderr.write("fault_worker: batch of %d\n" % len(items))
            sys.stderr.flush()
        if mode == "crash-mid-batch" and len(items) >= 2:
            for item in items[:len(items) // 2]:
                send(answer(item))
            return 3
        if mode == "out-of-order":
            items = list(reversed(items))
        for item in items:
            seed = int(item["seed"])
            if marked(seed):
                if mode == "crash-on-marked":
                    return 3
                if mode == "hang-on-marked":
                    time.sleep(3600)
            if mode == "garbage":
                write(GARBAGE)
                if marked(seed):
                    continue
            result = answer(item)
            if marked(seed) and "error" not in result:
                if mode == "wrong-dims":
                    result["descriptor"] = list(result["descriptor"]) + [0.0]
                elif mode == "nan":
                    result["objective"] = "nan"
                elif mode == "error":
                    result = {"type": "result", "id": item["id"], "error": "ValueError: marked row"}
            elif marked(seed) and mode == "error":
                result = {"type": "result", "id": item["id"], "error": "ValueError: marked row"}
            send(result)
            if mode == "duplicate":
                send(result)
        if mode == "duplicate":
            send(answer({"id": NEVER_SENT, "genome": [0.0] * dims, "seed": 1}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
