#!/usr/bin/env python3
"""Reference implementations for `bench`: one full-batch gradient-descent step of a deep linear network,
the same algorithm as the Java engine (cost of A, thin prefix/suffix products, rank-n updates),
in NumPy and, where installed, PyTorch (CPU, float64). Prints one line per case:

    bench case=fig2-w100 engine=numpy steps_per_s=31800.0

Usage: reference.py numpy|torch [seconds-per-case] < cases.json. The cases come on standard input
from the Java side (saddlelab.experiment.figures.BenchCases.referenceJson: name, task, inputs, outputs,
width, depth), so they are defined once. A missing library prints a 'skip' line and exits 0.
"""
import json
import sys
import time


def main():
    engine = sys.argv[1] if len(sys.argv) > 1 else "numpy"
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    if engine == "numpy":
        try:
            import numpy as xp
        except ImportError:
            print("bench skip engine=numpy reason=numpy-not-installed")
            return
        lib = NumpyLib(xp)
    elif engine == "torch":
        try:
            import torch
        except ImportError:
            print("bench skip engine=torch reason=torch-not-installed")
            return
        torch.set_num_threads(1)  # one core per run, like the JVM and browser engines
        lib = TorchLib(torch)
    else:
        raise SystemExit("engine must be numpy or torch")
    for c in json.load(sys.stdin):
        rate = steps_per_second(lib, c["task"], c["inputs"], c["outputs"], c["width"], c["depth"], seconds,
                                c.get("samples", 0))
        print("bench case=%s engine=%s steps_per_s=%.1f" % (c["name"], engine, rate), flush=True)


class NumpyLib:
    def __init__(self, xp):
        self.xp = xp
        self.rng = xp.random.default_rng(1)

    def randn(self, r, c, scale=1.0):
        return self.rng.standard_normal((r, c)) * scale

    def eye(self, n):
        return self.xp.eye(n)


class TorchLib:
    def __init__(self, torch):
        self.xp = torch
        self.gen = torch.Generator().manual_seed(1)

    def randn(self, r, c, scale=1.0):
        return self.xp.randn(r, c, generator=self.gen, dtype=self.xp.float64) * scale

    def eye(self, n):
        return self.xp.eye(n, dtype=self.xp.float64)


def problem(lib, task, n0, nL, samples):
    """G(A) = dC/dA as a closure on A."""
    xp = lib.xp
    if task == "sensing":
        # C = 1/M Σ (⟨Mᵢ, A⟩ − yᵢ)², the M measurement matrices as the rows of an M × (nL·n0) matrix
        M = samples
        S = lib.randn(M, nL * n0)
        y = S @ (lib.randn(nL, 1) @ lib.randn(1, n0)).reshape(nL * n0)
        return lambda A: ((2.0 / M) * (S.T @ (S @ A.reshape(nL * n0) - y))).reshape(nL, n0)
    if task == "classification":
        # two-class logistic loss 1/N Σ log(1 + exp(−yᵢ a·xᵢ)), labels the sign of a rank-1 teacher's score
        N = samples
        X = lib.randn(n0, N)
        y = xp.sign(lib.randn(nL, n0) @ X)
        return lambda A: ((-y / (1.0 + xp.exp(y * (A @ X)))) @ X.T) * (1.0 / N)
    if task == "teacher":
        N = 100
        X = lib.randn(n0, N)
        T = lib.eye(n0)
        for i in range(n0):
            T[i, i] = 10.0 * (i + 1)
        Y = T @ X
        XXt = X @ X.T * (2.0 / N)
        YXt = Y @ X.T * (2.0 / N)
        return lambda A: A @ XXt - YXt  # 2/N (A X - Y) Xᵀ, from n0×n0 moments
    mask = (lib.randn(nL, n0) > 0.5) * 1.0  # ~30 % observed
    target = lib.randn(nL, 1) @ lib.randn(1, n0)
    count = float(mask.sum())
    return lambda A: (2.0 / count) * mask * (A - target)


def steps_per_second(lib, task, n0, nL, w, depth, seconds, samples=0):
    widths = [n0] + [w] * (depth - 1) + [nL]
    Ws = [lib.randn(widths[l + 1], widths[l], w ** -1.0) for l in range(depth)]
    grad_of_A = problem(lib, task, n0, nL, samples)
    eye0 = lib.eye(n0)
    eta = 1e-4

    def step():
        # prefixes P_l = W_l ⋯ W_1 (n_l × n0): thin
        P = [eye0]
        for W in Ws:
            P.append(W @ P[-1])
        G = grad_of_A(P[-1])  # ∂C/∂A, nL × n0
        # suffix S = W_L ⋯ W_{l+1} (nL × n_l); ∇W_l = (Sᵀ G) P_{l-1}ᵀ, a rank-n0 update
        S = None
        grads = [None] * depth
        for l in range(depth - 1, -1, -1):
            left = G if S is None else S.T @ G  # n_l × n0
            grads[l] = left @ P[l].T
            S = Ws[l] if S is None else S @ Ws[l]
        for l in range(depth):
            Ws[l] -= eta * grads[l]

    for _ in range(20):  # warm-up
        step()
    best = 0.0
    for _ in range(3):
        t0 = time.perf_counter()
        n = 0
        while True:
            for _ in range(10):
                step()
            n += 10
            elapsed = time.perf_counter() - t0
            if elapsed >= seconds / 3:
                break
        best = max(best, n / elapsed)
    return best


if __name__ == "__main__":
    main()
