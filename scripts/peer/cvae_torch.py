#!/usr/bin/env python3
"""Peer of `cgm4j bench`'s CVAE case: the same conditional VAE trained in PyTorch on the CPU.

The model is the one of models-cvae at the bench's reference size (Sohn, Lee and Yan 2015, as
reproduced by Pyro), built to match it op for op:

  task        MNIST quadrants, 1 quadrant given: x is the image with every pixel outside the
              bottom-left 14x14 quadrant set to -1, y is the whole image in [0, 1], and only the
              hidden pixels of y count (mask)
  recognition q(z|x,y): Linear(1568,500) ReLU Linear(500,500) ReLU, then two heads
              Linear(500,200) for the mean and the log-variance
  prior       p(z|x):   the same on x, Linear(784,500) ...
  generation  p(y|x,z): Linear(984,500) ReLU Linear(500,500) ReLU Linear(500,784) -> logits
  loss        batch mean of the masked Bernoulli NLL relu(l) - l*y + softplus(-|l|) at
              z = mu_q + exp(lv_q / 2) * eps, plus the batch mean of the closed-form
              KL(q || p); like the framework it also computes and logs the 2x and 4x average-pooled
              reconstruction terms at weight 0, without their backward pass (--no-multiscale-terms
              leaves them out)
  init        Glorot uniform weights, zero biases
  optimiser   Adam, learning rate 1e-3, betas (0.9, 0.999), eps 1e-8; batch 100, shuffled per epoch

Timing is the bench's: --warmup steps are discarded, then --repeats spans of --iterations steps
are timed back to back (every step reads its loss terms back, as the framework's trainer does);
examples/s is reported per span with the median and spread. Then the importance-sampled
conditional log-likelihood (S = --cll-samples per pair, 100 by default) of the model is timed over
the first --cll-pairs test pairs, in chunks of 250 pairs, as the bench's cll case scores them:
log p(y|x) ~ logsumexp_s [log p(y|x,z_s) + log p(z_s|x) - log q(z_s|x,y)] - log S, z_s ~ q(z|x,y).

The peer runs at its own best: each BLAS setting runs in its own process (OpenBLAS reads its
variables when it loads), with OpenBLAS on 1 thread and on every core (OPENBLAS_NUM_THREADS;
torch's own threads and OMP_NUM_THREADS stay 1, which ran faster on 2 cores than torch's
intra-op threads), each with the environment's OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE and, where
they are set, without them (OpenBLAS then picks its kernels for this CPU). Every setting tried is
reported; examplesPerSecond is the best training setting's, cllPairSamplesPerSecond the best
CLL setting's. --single runs one setting in this process instead. The JSON printed (and written to
--out) has the fields of the bench's CVAE and cll cases: examplesPerSecond,
cllPairSamplesPerSecond, peakRssMegabytes, threads and the BLAS library in use.

Data: the embedded mnist-10k IDX files of the repository
(api/src/main/resources/org/cgm4j/api/data/mnist-10k/, the bytes DatasetRegistry loads for
data.source mnist-10k, checked against the same SHA-256 of the uncompressed payload), or another
directory with --data-dir (e.g. the framework's download cache ~/.cache/cgm4j/datasets/mnist for
full MNIST); --synthetic trains on random binary images instead.

    /usr/bin/python3 scripts/peer/cvae_torch.py                 # Debian's python3-torch
    /usr/bin/python3 scripts/peer/cvae_torch.py --single --threads 1 --out peer.json
"""

import argparse
import ctypes
import gzip
import hashlib
import json
import math
import os
import platform
import statistics
import struct
import subprocess
import sys
import tempfile
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
EMBEDDED = os.path.join(HERE, "..", "..", "api", "src", "main", "resources", "org", "cgm4j", "api", "data",
                        "mnist-10k")
# SHA-256 of the uncompressed IDX payloads, as DatasetRegistry checks them.
MNIST_10K_SHA256 = {
    "train-images-idx3-ubyte": "0b918446991e72930891dc5f6e68cdf31583f76820b559f42fca7f0049475758",
    "train-labels-idx1-ubyte": "8ebd78da9863f08d733348376650710aed17bca69fc8604d0a636edfdcf0aa2e",
    "test-images-idx3-ubyte": "0477d40e1c8968f253165404e86f85f4a072e8f772c15b4dd3fbe68da621abbb",
    "test-labels-idx1-ubyte": "40ec743e1e835ec1f8cf9a40849a858d0c7863d783f881c6227a8c7588e9e312",
}
HIDDEN = -1.0
SQUEEZE = 1e-6


def read_idx(directory, name):
    """The payload of an IDX file stored raw or as .gz, and whether it matched a known hash."""
    for candidate in (name, name + ".gz"):
        path = os.path.join(directory, candidate)
        if os.path.isfile(path):
            with (gzip.open(path, "rb") if candidate.endswith(".gz") else open(path, "rb")) as f:
                data = f.read()
            expected = MNIST_10K_SHA256.get(name)
            if expected is not None and hashlib.sha256(data).hexdigest() != expected:
                raise SystemExit(f"{path}: SHA-256 of the payload is not the one of mnist-10k")
            return data
    return None


def load_images(directory):
    """Training images as a float tensor [n, 784] in [0, 1], from mnist-10k's or MNIST's file names."""
    data = read_idx(directory, "train-images-idx3-ubyte")
    if data is None:
        raise FileNotFoundError(f"no train-images-idx3-ubyte[.gz] in {directory}")
    magic, count, rows, cols = struct.unpack(">IIII", data[:16])
    if magic != 0x00000803:
        raise SystemExit(f"{directory}: train-images-idx3-ubyte is not an IDX image file")
    pixels = torch.frombuffer(bytearray(data[16:16 + count * rows * cols]), dtype=torch.uint8)
    return pixels.reshape(count, rows * cols).float() / 255.0, rows, cols


def quadrant_task(images, rows, cols):
    """x (hidden pixels -1), y and the mask of hidden pixels, as QuadrantsTask with given = 1."""
    r = torch.arange(rows).unsqueeze(1).expand(rows, cols)
    c = torch.arange(cols).unsqueeze(0).expand(rows, cols)
    given = (r >= rows // 2) & (c < cols // 2)  # bottom-left
    hidden = (~given).reshape(-1).float()
    x = torch.where(hidden.bool().unsqueeze(0), torch.full_like(images, HIDDEN), images)
    return x, images, hidden.unsqueeze(0).expand_as(images).contiguous()


def glorot(linear):
    nn.init.xavier_uniform_(linear.weight)
    nn.init.zeros_(linear.bias)
    return linear


class GaussianHead(nn.Module):
    """MLP trunk, ReLU, then linear heads for the mean and the log-variance (api's GaussianHead)."""

    def __init__(self, n_in, hidden, d):
        super().__init__()
        self.l1 = glorot(nn.Linear(n_in, hidden))
        self.l2 = glorot(nn.Linear(hidden, hidden))
        self.mean = glorot(nn.Linear(hidden, d))
        self.log_var = glorot(nn.Linear(hidden, d))

    def forward(self, v):
        h = F.relu(self.l2(F.relu(self.l1(v))))
        return self.mean(h), self.log_var(h)


class Cvae(nn.Module):
    def __init__(self, x_dim, y_dim, hidden, d):
        super().__init__()
        self.recognition = GaussianHead(x_dim + y_dim, hidden, d)
        self.prior = GaussianHead(x_dim, hidden, d)
        self.generation = nn.Sequential(glorot(nn.Linear(x_dim + d, hidden)), nn.ReLU(),
                                        glorot(nn.Linear(hidden, hidden)), nn.ReLU(),
                                        glorot(nn.Linear(hidden, y_dim)))


def bernoulli_nll(logits, y, mask):
    return ((F.relu(logits) - logits * y + F.softplus(-logits.abs())) * mask).sum(1)


def pool(images, rows, cols, f):
    return images.reshape(-1, rows // f, f, cols // f, f).mean(dim=(2, 4)).reshape(-1, (rows // f) * (cols // f))


def pooled_nll(logits, y, mask, rows, cols, f):
    p = pool(torch.sigmoid(logits), rows, cols, f) * (1 - 2 * SQUEEZE) + SQUEEZE
    t = pool(y, rows, cols, f)
    m = pool(mask, rows, cols, f)
    return -((t * torch.log(p) + (1 - t) * torch.log(1 - p)) * m).sum(1)


def losses(model, x, y, mask, rows, cols, multiscale):
    mu_q, lv_q = model.recognition(torch.cat([x, y], 1))
    mu_p, lv_p = model.prior(x)
    z = mu_q + torch.exp(0.5 * lv_q) * torch.randn_like(mu_q)
    logits = model.generation(torch.cat([x, z], 1))
    terms = {"reconstruction": bernoulli_nll(logits, y, mask).mean()}
    weights = {"reconstruction": 1.0}
    if multiscale:
        # Computed and logged, but, as in the framework, outside the total: no backward pass.
        with torch.no_grad():
            for f in (2, 4):
                terms[f"reconstruction{f}x"] = pooled_nll(logits, y, mask, rows, cols, f).mean()
                weights[f"reconstruction{f}x"] = 0.0
    d = mu_q - mu_p
    terms["kl"] = (0.5 * (lv_p - lv_q + (torch.exp(lv_q) + d * d) / torch.exp(lv_p) - 1).sum(1)).mean()
    weights["kl"] = 1.0
    total = sum(weights[k] * v for k, v in terms.items() if weights[k] != 0.0)
    return total, terms


def peak_rss_megabytes():
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return float("nan")


def blas_info():
    """The BLAS/LAPACK libraries mapped into this process (resolved), and OpenBLAS's own report."""
    libs = []
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1] if len(line.split()) >= 6 else ""
                name = os.path.basename(path)
                if ("blas" in name or "lapack" in name) and path not in libs:
                    libs.append(path)
    except OSError:
        pass
    info = {"blasMapped": libs}
    blas = next((p for p in libs if os.path.basename(p).startswith("libblas")), None)
    info["blasLibrary"] = os.path.realpath(blas) if blas else (libs[0] if libs else "unknown")
    for path in libs:
        try:
            lib = ctypes.CDLL(path)
            lib.openblas_get_config.restype = ctypes.c_char_p
            info["openblasConfig"] = lib.openblas_get_config().decode()
            info["blasThreads"] = lib.openblas_get_num_threads()
            break
        except (OSError, AttributeError):
            continue
    return info


def load_test(directory):
    """The test images as load_images returns them, or None where the directory has none."""
    data = read_idx(directory, "test-images-idx3-ubyte")
    if data is None:
        return None
    magic, count, rows, cols = struct.unpack(">IIII", data[:16])
    if magic != 0x00000803:
        raise SystemExit(f"{directory}: test-images-idx3-ubyte is not an IDX image file")
    pixels = torch.frombuffer(bytearray(data[16:16 + count * rows * cols]), dtype=torch.uint8)
    return pixels.reshape(count, rows * cols).float() / 255.0


def gaussian_log_density(z, mu, lv):
    return -0.5 * (((z - mu) ** 2) / torch.exp(lv) + lv + math.log(2 * math.pi)).sum(-1)


@torch.no_grad()
def importance_cll(model, x, y, mask, samples, chunk=250):
    """Mean over pairs of log p(y|x) by importance sampling with q(z|x,y), S samples a pair."""
    total = 0.0
    for a in range(0, x.shape[0], chunk):
        xb, yb, mb = x[a:a + chunk], y[a:a + chunk], mask[a:a + chunk]
        mu_q, lv_q = model.recognition(torch.cat([xb, yb], 1))
        mu_p, lv_p = model.prior(xb)
        eps = torch.randn(samples, *mu_q.shape)
        z = mu_q + torch.exp(0.5 * lv_q) * eps  # [S, B, d]
        xs = xb.unsqueeze(0).expand(samples, *xb.shape)
        logits = model.generation(torch.cat([xs, z], 2))  # [S, B, 784]
        log_lik = -bernoulli_nll(logits.reshape(-1, logits.shape[-1]), yb.repeat(samples, 1),
                                 mb.repeat(samples, 1)).reshape(samples, -1)
        log_w = log_lik + gaussian_log_density(z, mu_p, lv_p) - gaussian_log_density(z, mu_q, lv_q)
        total += (torch.logsumexp(log_w, 0) - math.log(samples)).sum().item()
    return total / x.shape[0]


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--warmup", type=int, default=150, help="steps discarded before timing")
    ap.add_argument("--iterations", type=int, default=50, help="steps per timed repeat")
    ap.add_argument("--repeats", type=int, default=4, help="timed repeats")
    ap.add_argument("--batch-size", type=int, default=100)
    ap.add_argument("--latent", type=int, default=200)
    ap.add_argument("--hidden", type=int, default=500)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cll-pairs", type=int, default=2000, help="test pairs of the CLL (at most the test split)")
    ap.add_argument("--cll-samples", type=int, default=100, help="S, importance samples a pair")
    ap.add_argument("--single", action="store_true",
                    help="run one setting, this process's, instead of trying the BLAS settings")
    ap.add_argument("--threads", type=int, default=None,
                    help="torch.set_num_threads (default: 1 when trying settings, torch's own with --single)")
    ap.add_argument("--blas-threads", default="1,all",
                    help="OpenBLAS thread counts to try, comma-separated, 'all' for every core (default: %(default)s)")
    ap.add_argument("--data-dir", default=None, help="a directory of IDX files (default: the embedded mnist-10k)")
    ap.add_argument("--synthetic", action="store_true", help="random binary images instead of mnist-10k")
    ap.add_argument("--no-multiscale-terms", dest="multiscale", action="store_false",
                    help="leave out the weight-0 pooled terms that the framework computes and logs")
    ap.add_argument("--out", default=None, help="also write the JSON here")
    args = ap.parse_args()
    if min(args.warmup, args.iterations, args.repeats, args.cll_pairs, args.cll_samples) < 1:
        ap.error("--warmup, --iterations, --repeats, --cll-pairs and --cll-samples must be >= 1")
    return args


def emit(out, path):
    text = json.dumps(out, indent=2)
    if path:
        with open(path, "w") as f:
            f.write(text + "\n")
    print(text)


def settings_to_try(args):
    """(name, OpenBLAS threads, keep the environment's core type) of every setting to run."""
    cores = os.cpu_count() or 1
    counts = []
    for t in args.blas_threads.split(","):
        n = cores if t.strip() == "all" else int(t)
        if n >= 1 and n not in counts:
            counts.append(n)
    core_types = [True]
    if os.environ.get("OPENBLAS_CORETYPE") or os.environ.get("OPENBLAS_L2_SIZE"):
        core_types.append(False)
    return [(f"blas{n}-{'coretype' if keep else 'own-kernels'}", n, keep) for keep in core_types for n in counts]


def try_settings(args):
    """Runs every setting in its own process; the best training and the best CLL setting win."""
    forwarded = ["--warmup", str(args.warmup), "--iterations", str(args.iterations), "--repeats", str(args.repeats),
                 "--batch-size", str(args.batch_size), "--latent", str(args.latent), "--hidden", str(args.hidden),
                 "--lr", str(args.lr), "--seed", str(args.seed), "--cll-pairs", str(args.cll_pairs),
                 "--cll-samples", str(args.cll_samples), "--threads", str(args.threads or 1)]
    if args.data_dir:
        forwarded += ["--data-dir", args.data_dir]
    if args.synthetic:
        forwarded.append("--synthetic")
    if not args.multiscale:
        forwarded.append("--no-multiscale-terms")
    tried = []
    with tempfile.TemporaryDirectory() as work:
        for name, n, keep in settings_to_try(args):
            env = dict(os.environ)
            env["OPENBLAS_NUM_THREADS"] = str(n)
            env["OMP_NUM_THREADS"] = "1"
            if not keep:
                env.pop("OPENBLAS_CORETYPE", None)
                env.pop("OPENBLAS_L2_SIZE", None)
            out = os.path.join(work, name + ".json")
            cmd = [sys.executable, os.path.abspath(__file__), "--single", "--out", out] + forwarded
            p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if p.returncode != 0:
                raise SystemExit(f"setting {name} failed (exit {p.returncode}): {p.stderr.strip()[-2000:]}")
            with open(out) as f:
                r = json.load(f)
            r["setting"] = {"name": name, "OPENBLAS_NUM_THREADS": n,
                            "OPENBLAS_CORETYPE": env.get("OPENBLAS_CORETYPE"),
                            "OPENBLAS_L2_SIZE": env.get("OPENBLAS_L2_SIZE")}
            tried.append(r)
            print(f"peer: {name}: {r['examplesPerSecond']:.0f} examples/s, CLL {r['cllPairSamplesPerSecond']:.0f}"
                  f" pair-samples/s, {r['environment'].get('openblasConfig', r['blasLibrary'])}", file=sys.stderr)
    best = max(tried, key=lambda r: r["examplesPerSecond"])
    best_cll = max(tried, key=lambda r: r["cllPairSamplesPerSecond"])
    out = dict(best)
    out.pop("setting")
    for k in ("cllPairs", "cllSamples", "cllSeconds", "cllPairSamplesPerSecond", "negativeCll"):
        out[k] = best_cll[k]
    out["bestSetting"] = best["setting"]
    out["bestCllSetting"] = best_cll["setting"]
    out["settingsTried"] = [{"setting": r["setting"], "examplesPerSecond": r["examplesPerSecond"],
                             "examplesPerSecondRepeats": r["examplesPerSecondRepeats"],
                             "cllPairSamplesPerSecond": r["cllPairSamplesPerSecond"],
                             "openblasConfig": r["environment"].get("openblasConfig"),
                             "blasThreads": r["environment"].get("blasThreads")} for r in tried]
    return out


def main():
    args = parse_args()
    if not args.single:
        emit(try_settings(args), args.out)
        return
    torch.manual_seed(args.seed)
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    rows = cols = 28
    if args.synthetic:
        images = (torch.rand(2000, rows * cols) < 0.2).float()
        origin = "synthetic"
    else:
        directory = args.data_dir or os.path.normpath(EMBEDDED)
        images, rows, cols = load_images(directory)
        origin = ("mnist-10k (" + directory + ")") if args.data_dir is None else directory
    x_all, y_all, m_all = quadrant_task(images, rows, cols)
    n = x_all.shape[0]
    dim = rows * cols

    model = Cvae(dim, dim, args.hidden, args.latent)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.999), eps=1e-8)
    steps = args.warmup + args.iterations * args.repeats
    ends, sizes = [], []
    order, pos = torch.randperm(n), 0
    start = time.perf_counter()
    while len(ends) < steps:
        if pos >= n:
            order, pos = torch.randperm(n), 0
        idx = order[pos:pos + args.batch_size]
        pos += args.batch_size
        x, y, m = x_all[idx], y_all[idx], m_all[idx]
        total, terms = losses(model, x, y, m, rows, cols, args.multiscale)
        opt.zero_grad(set_to_none=True)
        total.backward()
        opt.step()
        values = {k: v.item() for k, v in terms.items()}
        if not all(v == v and abs(v) != float("inf") for v in values.values()):
            raise SystemExit(f"non-finite loss at step {len(ends)}: {values}")
        ends.append(time.perf_counter())
        sizes.append(idx.shape[0])

    rates, per_iter = [], []
    for r in range(args.repeats):
        a = args.warmup + r * args.iterations - 1
        b = a + args.iterations
        seconds = ends[b] - ends[a]
        rates.append(sum(sizes[a + 1:b + 1]) / seconds)
        per_iter.append(seconds / args.iterations)
    # The CLL over the first test pairs (the training images where a directory has no test file).
    test = None
    if args.synthetic:
        test = (torch.rand(args.cll_pairs, rows * cols) < 0.2).float()
    else:
        test = load_test(directory)
    test = (images if test is None else test)[:args.cll_pairs]
    tx, ty, tm = quadrant_task(test, rows, cols)
    model.eval()
    c0 = time.perf_counter()
    cll = importance_cll(model, tx, ty, tm, args.cll_samples)
    cll_seconds = time.perf_counter() - c0

    srt = sorted(rates)
    median = statistics.median(rates)
    ms = statistics.median(per_iter) * 1e3
    layers = [(2 * dim, args.hidden), (args.hidden, args.hidden), (args.hidden, args.latent), (args.hidden, args.latent),
              (dim, args.hidden), (args.hidden, args.hidden), (args.hidden, args.latent), (args.hidden, args.latent),
              (dim + args.latent, args.hidden), (args.hidden, args.hidden), (args.hidden, dim)]
    flops = 6.0 * sum(i * o for i, o in layers)
    out = {
        "case": "cvae",
        "model": "cvae (PyTorch peer)",
        "data": origin,
        "batchSize": args.batch_size,
        "examplesPerSecond": median,
        "examplesPerSecondMin": srt[0],
        "examplesPerSecondMax": srt[-1],
        "examplesPerSecondSpread": (srt[-1] - srt[0]) / median,
        "examplesPerSecondRepeats": rates,
        "millisPerIteration": ms,
        "warmupIterations": args.warmup,
        "iterationsPerRepeat": args.iterations,
        "repeats": args.repeats,
        "firstIterationSeconds": ends[0] - start,
        "warmupSeconds": ends[args.warmup - 1] - start,
        "flopsPerExample": flops,
        "achievedGflops": median * flops / 1e9,
        "multiscaleTerms": args.multiscale,
        "cllPairs": tx.shape[0],
        "cllSamples": args.cll_samples,
        "cllSeconds": cll_seconds,
        "cllPairSamplesPerSecond": tx.shape[0] * args.cll_samples / cll_seconds,
        "negativeCll": -cll,
        "peakRssMegabytes": peak_rss_megabytes(),
        "torchVersion": torch.__version__,
        "torchThreads": torch.get_num_threads(),
        "torchInteropThreads": torch.get_num_interop_threads(),
        "environment": {
            "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS"),
            "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS"),
            "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
            "OPENBLAS_L2_SIZE": os.environ.get("OPENBLAS_L2_SIZE"),
            "LD_PRELOAD": os.environ.get("LD_PRELOAD"),
            "python": sys.executable + " " + platform.python_version(),
            "cpuModel": cpu_model(),
            "cores": os.cpu_count(),
        },
    }
    info = blas_info()
    out["blasLibrary"] = info.pop("blasLibrary")
    out["environment"].update(info)
    emit(out, args.out)


if __name__ == "__main__":
    main()
