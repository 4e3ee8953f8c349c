#!/usr/bin/env python3
"""A real Dask cluster on loopback for the evaluator tests: one scheduler, two workers.

Starts `python3 -m distributed.cli.dask_scheduler` on 127.0.0.1 (a free port, no
dashboard) and two `python3 -m distributed.cli.dask_worker` processes (--nthreads 1,
--nworkers 1, --no-nanny: each worker is the process itself, so killing its pid loses the
worker for good instead of a nanny restarting it), waits until both are connected, then
prints one JSON line to stdout and flushes it:

    {"scheduler": "tcp://127.0.0.1:PORT", "workers": [PID1, PID2]}

It then waits until its stdin reaches EOF or it receives SIGTERM/SIGINT, and stops the
workers and the scheduler (SIGTERM, then SIGKILL after 10 s). On Linux the children also
get SIGTERM should this process die without cleaning up (PR_SET_PDEATHSIG). All of Dask's
output goes to stderr. Exit status: 0, or 1 when the cluster cannot start.

Usage: python3 dask_cluster.py [--allowed-failures N]
    --allowed-failures N   the scheduler's distributed.scheduler.allowed-failures (Dask's
                           default, 3, when not given): how many worker deaths a task survives
                           before it fails with KilledWorker; 0 fails it on the first.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time


class Stop(BaseException):
    pass


def on_signal(signum, frame):
    raise Stop()


def die_with_parent():
    """Runs in the child before exec: SIGTERM it when this process dies (Linux only)."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def start(arguments, environment):
    return subprocess.Popen([sys.executable, "-m"] + arguments, stdin=subprocess.DEVNULL, stdout=sys.stderr,
                            stderr=sys.stderr, env=environment, preexec_fn=die_with_parent)


def stop(processes):
    for process in processes:
        if process.poll() is None:
            try:
                process.terminate()
            except OSError:
                pass
    deadline = time.monotonic() + 10
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--allowed-failures", type=int, default=None)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    directory = tempfile.mkdtemp(prefix="tessera-dask-")
    scheduler_file = os.path.join(directory, "scheduler.json")
    environment = dict(os.environ)
    if args.allowed_failures is not None:
        environment["DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES"] = str(args.allowed_failures)
    processes = []
    status = 0
    try:
        processes.append(start(["distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
                                "--no-dashboard", "--scheduler-file", scheduler_file], environment))
        deadline = time.monotonic() + 60
        address = None
        while address is None:
            if processes[0].poll() is not None:
                raise RuntimeError("the scheduler exited with status %d" % processes[0].returncode)
            if time.monotonic() > deadline:
                raise RuntimeError("the scheduler did not start within 60 s")
            try:
                with open(scheduler_file) as file:
                    address = json.load(file)["address"]
            except (OSError, ValueError, KeyError):
                time.sleep(0.1)
        workers = []
        for index in range(2):
            worker = start(["distributed.cli.dask_worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                            "--nworkers", "1", "--no-nanny", "--no-dashboard", "--name", "tessera-test-%d" % index,
                            "--local-directory", directory], environment)
            processes.append(worker)
            workers.append(worker.pid)

        from dask.distributed import Client
        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
        sys.stdout.write(json.dumps({"scheduler": address, "workers": workers}) + "\n")
        sys.stdout.flush()
        while sys.stdin.buffer.read1(65536) if hasattr(sys.stdin.buffer, "read1") else sys.stdin.buffer.read(1):
            pass
    except Stop:
        pass
    except Exception as exception:
        sys.stderr.write("dask_cluster: %s: %s\n" % (type(exception).__name__, exception))
        status = 1
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        stop(list(reversed(processes)))
        shutil.rmtree(directory, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
