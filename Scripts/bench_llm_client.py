#!/usr/bin/env python3
"""The language-model client's overhead (issue 12: at least 500 requests/s against a local
server that answers at once, with concurrency 16), and the ceiling of that server, so the
figure can be read as the client's.

    python3 Scripts/bench_llm_client.py [--repeats 5] [--requests 5000] [--concurrency 16]
                                        [--binary .build/release/tessera]

It starts Scripts/instant_openai_server.py on a free port, measures the server alone with a
raw client (asyncio, one keep-alive connection per slot, the same request bytes the Swift
client sends, minimal parsing; its own CPU is in the figure, so it is a lower bound of the
server's ceiling), then runs ``tessera bench llm-client --json`` ``--repeats`` times and
prints each run, the median with min and max, the server's /stats and the CPU model.
Without ``--binary`` and no .build/release/tessera, it builds it first
(``swift build -c release --product tessera``).
"""
import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request

from machine_info import cpu_model

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, "Scripts", "instant_openai_server.py")
DEFAULT_BINARY = os.path.join(ROOT, ".build", "release", "tessera")


async def _slot(host, port, request, count, latencies):
    """One keep-alive connection sending ``count`` requests one after another."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        for _ in range(count):
            start = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if not head.startswith(b"HTTP/1.1 200"):
                raise RuntimeError("the server answered " + head.split(b"\r\n", 1)[0].decode())
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
    finally:
        writer.close()


async def _raw_load(host, port, path, concurrency, requests):
    body = json.dumps({"logprobs": 2, "max_tokens": 1, "prompt": "Is passage 0 about a spy? Answer Yes or No:", "temperature": 0},
                      separators=(",", ":")).encode()
    request = (b"POST %s HTTP/1.1\r\nHost: %s:%d\r\nContent-Type: application/json\r\nAccept: application/json\r\n"
               b"Content-Length: %d\r\n\r\n" % (path.encode(), host.encode(), port, len(body))) + body
    latencies = []
    shares = [requests // concurrency + (1 if slot < requests % concurrency else 0) for slot in range(concurrency)]
    start = time.perf_counter()
    await asyncio.gather(*(_slot(host, port, request, share, latencies) for share in shares if share))
    return time.perf_counter() - start, latencies


def server_ceiling(base, concurrency, requests):
    """Requests/s of a raw asyncio client against the server alone: a lower bound of the
    server's ceiling, since this client shares the machine with it."""
    rest = base.split("://", 1)[1]
    address, path = rest.split("/", 1)
    host, port = address.rsplit(":", 1)
    cpu = time.process_time()
    seconds, latencies = asyncio.run(_raw_load(host, int(port), "/" + path + "/completions", concurrency, requests))
    latencies.sort()
    return {"requests": len(latencies), "concurrency": concurrency, "seconds": seconds,
            "requests_per_second": len(latencies) / seconds, "latency_p50_ms": latencies[len(latencies) // 2] * 1000,
            "raw_client_cpu_seconds": time.process_time() - cpu}


def start_server():
    process = subprocess.Popen([sys.executable, SERVER, "--port", "0"], stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    line = process.stdout.readline().strip()
    prefix = "listening on "
    if not line.startswith(prefix):
        process.kill()
        sys.exit("bench_llm_client: the instant server did not start (it printed %r)" % line)
    return process, line[len(prefix):]


def server_stats(base):
    with urllib.request.urlopen(base.rsplit("/v1", 1)[0] + "/stats", timeout=5) as answer:
        return json.load(answer)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--binary", default=None, help="the tessera executable (default: .build/release/tessera, built if missing)")
    parser.add_argument("--raw-requests", type=int, default=20000, help="requests of the server-alone measurement (0: skip it)")
    args = parser.parse_args()
    if not 1 <= args.repeats <= 100 or not 1 <= args.requests <= 10**6 or not 1 <= args.concurrency <= 1024 or args.raw_requests < 0:
        sys.exit("bench_llm_client: --repeats 1-100, --requests 1-1000000, --concurrency 1-1024, --raw-requests >= 0")
    binary = args.binary or DEFAULT_BINARY
    if not os.access(binary, os.X_OK):
        if args.binary:
            sys.exit("bench_llm_client: %s is not an executable" % binary)
        print("building %s (swift build -c release --product tessera)…" % binary, flush=True)
        subprocess.run(["swift", "build", "-c", "release", "--product", "tessera"], cwd=ROOT, check=True)

    print("CPU: %s, %d cores" % (cpu_model(), os.cpu_count()))
    server, base = start_server()
    try:
        if args.raw_requests:
            ceiling = server_ceiling(base, args.concurrency, args.raw_requests)
            print("server alone (raw asyncio client, %d keep-alive connections): %.0f requests/s over %d requests, p50 %.2f ms"
                  % (args.concurrency, ceiling["requests_per_second"], ceiling["requests"], ceiling["latency_p50_ms"]), flush=True)
        runs = []
        for repeat in range(args.repeats):
            command = [binary, "bench", "llm-client", "--url", base, "--concurrency", str(args.concurrency),
                       "--requests", str(args.requests), "--warmup", str(args.warmup), "--json"]
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit("bench_llm_client: %s exited with %d: %s" % (" ".join(command), done.returncode, done.stderr.strip()))
            figures = json.loads(done.stdout)
            runs.append(figures)
            print("run %d: %.0f requests/s, latency mean %.2f ms p50 %.2f ms p99 %.2f ms, %d failures, %.0f µs CPU per request"
                  % (repeat + 1, figures["requests_per_second"], figures["latency_mean_ms"], figures["latency_p50_ms"],
                     figures["latency_p99_ms"], figures["failures"], figures["cpu_microseconds_per_request"]), flush=True)
        rates = [run["requests_per_second"] for run in runs]
        print("client: median %.0f requests/s (min %.0f, max %.0f) over %d runs of %d requests at concurrency %d; %d failures"
              % (statistics.median(rates), min(rates), max(rates), len(rates), args.requests, args.concurrency,
                 sum(run["failures"] for run in runs)))
        print("server /stats: %s" % json.dumps(server_stats(base)))
        print(json.dumps({"cpu_model": cpu_model(), "requests_per_second": rates, "median": statistics.median(rates),
                          "min": min(rates), "max": max(rates), "server_alone": ceiling if args.raw_requests else None}))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
