#!/usr/bin/env python3
"""Time the work of `tessera bench learners` in numpy (and PyTorch on CPU when importable).

Same shapes and distributions as the Swift benchmark (not bit-identical data): rows are
grayscale images of ceil(sqrt(dims)) columns holding 1 to 3 Gaussian blobs with random
centres, widths sigma in [1.5, 4) pixels and heights in [0.5, 1), clipped to [0, 1].

Measurements, one JSON line each (the median of --repeats):
  ae_epoch  one epoch of a dense autoencoder dims -> layers -> code -> mirror -> dims,
            ReLU hidden layers, linear code, sigmoid output, MSE loss, Adam (lr 1e-3,
            0.9, 0.999, 1e-8), minibatches of --batch rows in a shuffled order;
            impl "numpy" (hand-written forward/backward in float32) and "torch".
  pca_fit   numpy: centre in float64, then np.linalg.svd(full_matrices=False) ("svd")
            and np.linalg.eigh of the covariance ("eigh"); each takes the top --code
            components.

Set OPENBLAS_NUM_THREADS (numpy) to the Swift run's --threads; this script passes
--threads to torch.set_num_threads and warns when OPENBLAS_NUM_THREADS differs.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np


def blob_images(rows, dims, seed):
    rng = np.random.default_rng(seed)
    width = math.ceil(math.sqrt(dims))
    p = np.arange(dims)
    px = (p % width) + 0.5
    py = (p // width) + 0.5
    height = (dims + width - 1) // width
    images = np.zeros((rows, dims), dtype=np.float32)
    blobs = rng.integers(1, 4, size=rows)
    for b in range(3):
        active = blobs > b
        n = int(active.sum())
        cx = rng.random(n) * width
        cy = rng.random(n) * height
        sigma = 1.5 + 2.5 * rng.random(n)
        amplitude = 0.5 + 0.5 * rng.random(n)
        d2 = (px[None, :] - cx[:, None]) ** 2 + (py[None, :] - cy[:, None]) ** 2
        images[active] += (amplitude[:, None] * np.exp(-d2 / (2 * sigma[:, None] ** 2))).astype(np.float32)
    np.minimum(images, 1, out=images)
    return images


def widths_of(dims, hidden, code):
    return [dims] + hidden + [code] + hidden[::-1] + [dims]


def activations_of(hidden):
    return ["relu"] * len(hidden) + ["identity"] + ["relu"] * len(hidden) + ["sigmoid"]


def init_params(widths, acts, seed):
    rng = np.random.default_rng(seed)
    params = []
    for (n_in, n_out), act in zip(zip(widths, widths[1:]), acts):
        bound = math.sqrt(6 / n_in) if act == "relu" else math.sqrt(6 / (n_in + n_out))
        w = rng.uniform(-bound, bound, size=(n_in, n_out)).astype(np.float32)
        params += [w, np.zeros(n_out, dtype=np.float32)]
    return params


def numpy_epoch(x, params, acts, batch, seed, lr=1e-3, b1=0.9, b2=0.999, eps=1e-8):
    rng = np.random.default_rng(seed)
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    t = 0
    order = rng.permutation(x.shape[0])
    total = 0.0
    for first in range(0, len(order), batch):
        xb = x[order[first:first + batch]]
        outs = [xb]
        a = xb
        for l, act in enumerate(acts):
            z = a @ params[2 * l]
            z += params[2 * l + 1]
            if act == "relu":
                np.maximum(z, 0, out=z)
            elif act == "sigmoid":
                np.negative(z, out=z)
                with np.errstate(over="ignore"):  # exp(-z) = inf gives the right 0
                    np.exp(z, out=z)
                z += 1
                np.reciprocal(z, out=z)
            a = z
            outs.append(a)
        diff = a - xb
        total += float(np.square(diff, dtype=np.float64).sum())
        delta = diff * (2 / diff.size)
        delta *= a * (1 - a)
        grads = [None] * len(params)
        for l in range(len(acts) - 1, -1, -1):
            grads[2 * l] = outs[l].T @ delta
            grads[2 * l + 1] = delta.sum(axis=0)
            if l > 0:
                delta = delta @ params[2 * l].T
                if acts[l - 1] == "relu":
                    delta *= outs[l] > 0
        t += 1
        step = lr / (1 - b1 ** t)
        root = 1 / math.sqrt(1 - b2 ** t)
        for p, g, mi, vi in zip(params, grads, m, v):
            mi *= b1
            mi += (1 - b1) * g
            vi *= b2
            vi += (1 - b2) * g * g
            p -= step * mi / (np.sqrt(vi) * root + eps)
    return total / x.size


def torch_epoch(torch, x, widths, acts, batch, seed):
    torch.manual_seed(seed)
    layers = []
    for (n_in, n_out), act in zip(zip(widths, widths[1:]), acts):
        layers.append(torch.nn.Linear(n_in, n_out))
        if act == "relu":
            layers.append(torch.nn.ReLU())
        elif act == "sigmoid":
            layers.append(torch.nn.Sigmoid())
    net = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-8)
    data = torch.from_numpy(x)
    start = time.perf_counter()
    order = torch.randperm(data.shape[0])
    total = 0.0
    for first in range(0, data.shape[0], batch):
        xb = data[order[first:first + batch]]
        opt.zero_grad(set_to_none=True)
        loss = torch.nn.functional.mse_loss(net(xb), xb)
        loss.backward()
        opt.step()
        total += loss.item() * xb.shape[0]
    return time.perf_counter() - start, total / data.shape[0]


def pca_svd(x, k):
    c = x.astype(np.float64)
    c -= c.mean(axis=0)
    _, s, vt = np.linalg.svd(c, full_matrices=False)
    return vt[:k], s[:k] ** 2 / (x.shape[0] - 1)


def pca_eigh(x, k):
    c = x.astype(np.float64)
    c -= c.mean(axis=0)
    cov = c.T @ c / (x.shape[0] - 1)
    w, v = np.linalg.eigh(cov)
    return v[:, ::-1][:, :k].T, w[::-1][:k]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--dims", type=int, default=1_024)
    ap.add_argument("--code", type=int, default=10)
    ap.add_argument("--layers", default="256,64")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--what", choices=["ae", "pca", "all"], default="all")
    ap.add_argument("--no-torch", action="store_true")
    args = ap.parse_args()
    for name in ("rows", "dims", "code", "batch", "repeats", "threads"):
        if getattr(args, name) <= 0:
            ap.error(f"--{name} must be positive")
    hidden = [int(s) for s in args.layers.split(",") if s.strip()]
    env = os.environ.get("OPENBLAS_NUM_THREADS")
    if env != str(args.threads):
        print(f"warning: OPENBLAS_NUM_THREADS is {env!r}, not {args.threads}", file=sys.stderr)

    x = blob_images(args.rows, args.dims, args.seed)
    widths = widths_of(args.dims, hidden, args.code)
    acts = activations_of(hidden)
    base = {"rows": args.rows, "dims": args.dims, "code": args.code}

    def emit(what, impl, times, **extra):
        times = sorted(times)
        print(json.dumps({"what": what, "impl": impl, **base, **extra,
                          "seconds": times[len(times) // 2], "repeats": len(times), "threads": args.threads}), flush=True)

    layout = ",".join(str(w) for w in [args.dims] + hidden + [args.code])
    if args.what != "pca":
        times, loss = [], 0.0
        for _ in range(args.repeats):
            params = init_params(widths, acts, args.seed)
            start = time.perf_counter()
            loss = numpy_epoch(x, params, acts, args.batch, args.seed)
            times.append(time.perf_counter() - start)
        emit("ae_epoch", "numpy", times, layers=layout, batch=args.batch, epochs=1, loss=loss)
        torch = None
        if not args.no_torch:
            try:
                import torch
            except ImportError:
                print("torch is not importable; skipping the torch measurement", file=sys.stderr)
        if torch is not None:
            torch.set_num_threads(args.threads)
            times = []
            for _ in range(args.repeats):
                seconds, loss = torch_epoch(torch, x, widths, acts, args.batch, args.seed)
                times.append(seconds)
            emit("ae_epoch", "torch", times, layers=layout, batch=args.batch, epochs=1, loss=loss,
                 torch=torch.__version__)
    if args.what != "ae":
        for name, fn in (("svd", pca_svd), ("eigh", pca_eigh)):
            times = []
            for _ in range(args.repeats):
                start = time.perf_counter()
                fn(x, args.code)
                times.append(time.perf_counter() - start)
            emit("pca_fit", "numpy", times, solver=name)


if __name__ == "__main__":
    main()
