"""How fast is the engine?  Seconds per epoch against the comparators, in one run.

``python -m mlpbook bench [--json] [--quick]`` and ``python benchmarks/bench.py`` both call
:func:`run`.  Every figure is the time of one epoch of mini-batch SGD over the first 50,000
MNIST training images, for three networks:

(a) 784-16-16-10, batch 10 (the network of the book)
(b) 784-100-10, batch 10
(c) 784-800-10, batch 128

all with sigmoid neurons, the quadratic cost and learning rate 3.0, each trained by

* the engine: the Numba kernels (``train(..., engine="numba")``), float32 (the package
  default) and, for (a), float64;
* the readable per-example numpy reference (``engine="reference"``);
* the vectorized mini-batch numpy version (``engine="vectorized"``);
* PyTorch on the CPU, when it is installed: the same network written the ordinary PyTorch
  way (``nn.Linear`` + ``nn.Sigmoid``, loss = half the summed squared error averaged over
  the batch, ``torch.optim.SGD``, shuffled batches, float32, default threads).

Slow comparators are timed on a slice of the images and scaled to 50,000; the output says
so.  Each figure is the best of a few epochs (the least disturbed by other programs).
The run also measures the peak memory of training on all 60,000 images, how long MNIST
takes to load (from gzip and from the decoded cache) and how long a fresh process needs
from ``import mlpbook`` to the end of a first tiny epoch (Numba kernels loaded from the
cache), and checks the figures against the project's targets.

Nothing here is a test: speed is judged by reading these figures, never by a test.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

import numpy as np

from . import __version__
from .engine.network import Network
from .engine.train import train

EPOCH_IMAGES = 50_000  # every figure is seconds per epoch of this many images
MEMORY_TARGET_MB = 600
STARTUP_TARGET_S = 2.0


@dataclasses.dataclass(frozen=True)
class Case:
    """One network and batch size, and how many images each implementation is timed on."""

    key: str
    layers: tuple
    batch_size: int
    lr: float
    images: dict  # implementation -> images timed (EPOCH_IMAGES = the full epoch)
    repeats: dict  # implementation -> epochs timed (the best is kept)

    @property
    def label(self):
        return "-".join(str(n) for n in self.layers)


# Images and repeats per implementation.  The engine runs the full 50,000 images; the
# numpy and PyTorch comparators run a slice sized to take a second or two, then scale.
_DEFAULT = {
    "a": ((784, 16, 16, 10), 10,
          {"engine": 50_000, "engine64": 50_000, "reference": 5_000, "vectorized": 20_000,
           "torch": 10_000},
          {"engine": 3, "engine64": 3, "reference": 2, "vectorized": 2, "torch": 2}),
    "b": ((784, 100, 10), 10,
          {"engine": 50_000, "reference": 5_000, "vectorized": 20_000, "torch": 10_000},
          {"engine": 3, "reference": 2, "vectorized": 2, "torch": 2}),
    "c": ((784, 800, 10), 128,
          {"engine": 50_000, "reference": 2_000, "vectorized": 20_000, "torch": 20_000},
          {"engine": 3, "reference": 1, "vectorized": 2, "torch": 2}),
}
_QUICK_IMAGES = {"engine": 2_000, "engine64": 2_000, "reference": 200, "vectorized": 1_000,
                 "torch": 1_000}


def cases(quick=False):
    """The three benchmark cases, with the slices for a default or a ``quick`` run."""
    out = []
    for key, (layers, batch, images, repeats) in _DEFAULT.items():
        if quick:
            images = {impl: min(n, _QUICK_IMAGES[impl]) for impl, n in images.items()}
            repeats = {impl: 1 for impl in repeats}
        out.append(Case(key, layers, batch, 3.0, images, repeats))
    return out


IMPLEMENTATIONS = {  # key -> what the table calls it
    "engine": "engine (numba, float32)",
    "engine64": "engine (numba, float64)",
    "reference": "reference numpy (per example)",
    "vectorized": "vectorized numpy (mini-batch)",
    "torch": "PyTorch CPU (float32)",
}


def _say(message):
    """Progress goes to stderr, so stdout holds only the table (and the JSON line)."""
    print(message, file=sys.stderr, flush=True)


# ------------------------------------------------------------------ timing the training
def _figure(seconds, n, repeats):
    """One measurement: best epoch time on n images, scaled to a 50,000-image epoch."""
    best = min(seconds)
    scaled = n != EPOCH_IMAGES
    note = (f"measured on {n:,} images, scaled" if scaled else f"{n:,} images")
    note += f", best of {repeats}" if repeats > 1 else ""
    return {"seconds_per_epoch": best * EPOCH_IMAGES / n, "images": n, "scaled": scaled,
            "repeats": repeats, "measured_seconds": [float(s) for s in seconds], "note": note}


def _time_mlpbook(case, engine, dtype, X, y, n, repeats):
    """Seconds per epoch of ``train(..., engine=engine)`` (the descent only, as History times it)."""
    net = Network(list(case.layers), activation="sigmoid", cost="quadratic", seed=0, dtype=dtype)
    common = dict(epochs=1, batch_size=case.batch_size, lr=case.lr, engine=engine,
                  monitor_training=False)
    if engine == "numba":  # load (or compile) the kernels before timing
        warm = max(case.batch_size, min(n, 500))
        train(net.copy(), X[:warm], y[:warm], **common)
    seconds = [train(net, X[:n], y[:n], seed=r, **common).seconds[0] for r in range(repeats)]
    return _figure(seconds, n, repeats)


def _torch_model(torch, case):
    """The same network in plain PyTorch, starting from the same weights as mlpbook's."""
    start = Network(list(case.layers), activation="sigmoid", cost="quadratic", seed=0)
    layers = []
    for W, b in zip(start.weights, start.biases):
        linear = torch.nn.Linear(W.shape[1], W.shape[0])
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(np.array(W, np.float32)))
            linear.bias.copy_(torch.from_numpy(np.array(b, np.float32)))
        layers += [linear, torch.nn.Sigmoid()]
    return torch.nn.Sequential(*layers)


def _time_torch(torch, case, X, y, n, repeats):
    """Seconds per epoch of the equivalent PyTorch training loop on the CPU."""
    model = _torch_model(torch, case)
    optimizer = torch.optim.SGD(model.parameters(), lr=case.lr)
    images = torch.from_numpy(X)
    targets = torch.nn.functional.one_hot(torch.from_numpy(y), case.layers[-1]).to(torch.float32)
    shuffle = torch.Generator().manual_seed(0)
    batch = case.batch_size

    def epoch(count):
        order = torch.randperm(count, generator=shuffle)
        started = time.perf_counter()
        for start in range(0, count, batch):
            rows = order[start:start + batch]
            out = model(images[rows])
            # quadratic cost: half the squared error summed over the outputs, mean over the batch
            loss = 0.5 * ((out - targets[rows]) ** 2).sum() / len(rows)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        return time.perf_counter() - started

    epoch(max(batch, min(n, 500)))  # warm-up: thread pools, allocator
    return _figure([epoch(n) for _ in range(repeats)], n, repeats)


def _import_torch():
    """PyTorch if it is installed, else None (it is an optional comparator)."""
    try:
        import torch
    except ImportError:
        return None
    return torch


# ------------------------------------------------------------------ fresh processes
def _python(code, env_extra=None, timeout=600):
    """Run ``code`` in a fresh interpreter that imports this very mlpbook; its last line is JSON."""
    env = dict(os.environ)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    env.update(env_extra or {})
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"benchmark subprocess failed:\n{done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


_MEMORY_CODE = """
import json, resource, sys
def peak_mb():
    # Linux: VmHWM, the peak resident memory of this program.  (ru_maxrss would also count
    # the benchmark process this one was forked from: Linux carries it over fork + exec.)
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (2**20 if sys.platform == "darwin" else 2**10)
from mlpbook import Network, load_mnist, train
after_import = peak_mb()
data = load_mnist(progress=False)
after_load = peak_mb()
net = Network([784, 16, 16, 10], seed=0)
train(net, data.train_images, data.train_labels, epochs=1, batch_size=10, lr=3.0)
print(json.dumps({"peak_mb": peak_mb(), "after_import_mb": after_import,
                  "after_load_mb": after_load, "images": len(data.train_images)}))
"""

_GZIP_LOAD_CODE = """
import json, time
from mlpbook.engine import data
started = time.perf_counter()
dataset = data.load_mnist(cache=False, progress=False)
seconds = time.perf_counter() - started
folder = data.find_data_dir(download=False)
gzipped = all((folder / (name + ".gz")).is_file() for name in data.FILES)  # .gz is read first
print(json.dumps({"seconds": seconds, "gzipped": gzipped, "source": dataset.source}))
"""

_STARTUP_CODE = """
import json, time
started = time.perf_counter()
import numpy as np
import mlpbook
net = mlpbook.Network([784, 16, 16, 10], seed=0)
X = np.random.default_rng(0).random((100, 784), dtype=np.float32)
mlpbook.train(net, X, np.arange(100) % 10, epochs=1, batch_size=10, lr=3.0)
print(json.dumps({"seconds": time.perf_counter() - started}))
"""


def _fresh_processes(quick):
    """Startup time and peak memory, each measured in a fresh interpreter.

    The default run compiles the kernels into a private, empty Numba cache first (the
    "cold" start, 15-30 s), so "once cached" means the same whatever state the package's
    own cache is in; the quick run uses the package's cache as it is (warmed by one run
    first).  The memory run comes after, so its peak is that of loading and training, not
    of compiling.
    """
    with tempfile.TemporaryDirectory(prefix="mlpbook-bench-cache-") as cache:
        env = {} if quick else {"NUMBA_CACHE_DIR": cache}
        cold = _python(_STARTUP_CODE, env)
        warm = _python(_STARTUP_CODE, env)
        memory = _python(_MEMORY_CODE, env) if _has_resource() else None
    startup = {"cached_seconds": warm["seconds"],
               "cold_seconds": None if quick else cold["seconds"],
               "target_seconds": STARTUP_TARGET_S,
               "note": "fresh process: import mlpbook, build 784-16-16-10, train 1 epoch "
                       "of 100 images"}
    if memory is None:
        memory = {"peak_mb": None, "note": "not measured: no resource module on this system"}
    else:
        memory.update(target_mb=MEMORY_TARGET_MB,
                      note=f"fresh process: load MNIST, train 1 epoch of (a) on "
                           f"{memory['images']:,} images")
    return startup, memory


def _has_resource():
    try:
        import resource  # noqa: F401  (Unix only)
    except ImportError:
        return False
    return True


def _measure_loading(repeats):
    """MNIST from the gzip files (fresh process, cache off), then from the decoded cache."""
    from .engine.data import load_mnist
    first = _python(_GZIP_LOAD_CODE)
    load_mnist(progress=False)  # make sure the decoded cache exists
    cached = []
    for _ in range(repeats):
        started = time.perf_counter()
        load_mnist(progress=False)
        cached.append(time.perf_counter() - started)
    return {"gzip_seconds": first["seconds"], "gzipped_files": first["gzipped"],
            "cached_seconds": min(cached), "source": first["source"]}


# ------------------------------------------------------------------ the run
def _ratio(a, b):
    return a / b if a is not None and b not in (None, 0) else None


def _check(name, value, op, target):
    """One target check as a dict; ``value`` None means it could not be measured."""
    if value is None:
        status = "SKIPPED"
    else:
        status = "OK" if (value <= target if op == "<=" else value < target) else "MISSED"
    return {"name": name, "value": value, "op": op, "target": target, "status": status}


def measure(quick=False):
    """Take every measurement; returns the result dict (see :func:`run`)."""
    from .engine.data import load_mnist

    started_all = time.perf_counter()
    data = load_mnist(progress=False)
    X32 = np.ascontiguousarray(data.train_images[:EPOCH_IMAGES], np.float32)
    y = np.ascontiguousarray(data.train_labels[:EPOCH_IMAGES], np.int64)
    if len(X32) < EPOCH_IMAGES:
        raise ValueError(f"the benchmark needs {EPOCH_IMAGES:,} training images; the data in "
                         f"{data.source} has {len(X32):,}")
    torch = _import_torch()
    torch_info = None
    if torch is not None:
        torch_info = {"version": torch.__version__, "threads": torch.get_num_threads()}

    results = {}
    for case in cases(quick):
        timings = {}
        for impl, n in case.images.items():
            if impl == "torch":
                continue  # measured last, after everything numpy and Numba
            _say(f"({case.key}) {case.label}, batch {case.batch_size}: {IMPLEMENTATIONS[impl]} "
                 f"on {n:,} images ...")
            if impl == "engine64":
                X64 = X32[:n].astype(np.float64)
                timings[impl] = _time_mlpbook(case, "numba", np.float64, X64, y, n,
                                              case.repeats[impl])
                del X64
            else:
                engine = "numba" if impl == "engine" else impl
                timings[impl] = _time_mlpbook(case, engine, np.float32, X32, y, n,
                                              case.repeats[impl])
        results[case.key] = {"layers": list(case.layers), "batch_size": case.batch_size,
                             "lr": case.lr, "activation": "sigmoid", "cost": "quadratic",
                             "timings": timings}
    for case in cases(quick):
        timings = results[case.key]["timings"]
        if torch is None:
            timings["torch"] = {"seconds_per_epoch": None, "note": "not installed"}
            continue
        n = case.images["torch"]
        _say(f"({case.key}) {case.label}, batch {case.batch_size}: PyTorch CPU on {n:,} images ...")
        timings["torch"] = _time_torch(torch, case, X32, y, n, case.repeats["torch"])

    for key, res in results.items():
        t = {impl: fig["seconds_per_epoch"] for impl, fig in res["timings"].items()}
        res["ratios"] = {f"engine/{other}": _ratio(t["engine"], t.get(other))
                         for other in ("vectorized", "reference", "torch")}
        if "engine64" in t:
            res["ratios_float64"] = {f"engine/{other}": _ratio(t["engine64"], t.get(other))
                                     for other in ("vectorized", "reference", "torch")}

    _say("MNIST loading times ...")
    loading = _measure_loading(repeats=1 if quick else 3)
    _say("startup time and peak memory (fresh processes"
         + (")" if quick else "; the first compiles the kernels, 15-30 s)") + " ...")
    startup, memory = _fresh_processes(quick)

    a, c = results["a"]["ratios"], results["c"]["ratios"]
    checks = [
        _check("(a) engine / vectorized numpy", a["engine/vectorized"], "<=", 1 / 3),
        _check("(a) engine / reference numpy", a["engine/reference"], "<=", 1 / 20),
        _check("(c) engine / PyTorch CPU", c["engine/torch"], "<=", 1.0),
        _check("(c) engine / vectorized numpy", c["engine/vectorized"], "<=", 1.0),
        _check("peak memory MB, 1 epoch on 60,000 images", memory["peak_mb"], "<",
               MEMORY_TARGET_MB),
        _check("seconds from import to a first epoch, kernels cached",
               startup["cached_seconds"], "<", STARTUP_TARGET_S),
    ]
    if torch is None:
        checks[2]["note"] = "PyTorch not installed"
    return {
        "benchmark": "mlpbook",
        "version": __version__,
        "quick": quick,
        "epoch_images": EPOCH_IMAGES,
        "data": data.source,
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version(), "numpy": np.__version__,
                    "numba": _version("numba"), "torch": torch_info},
        "cases": results,
        "memory": memory,
        "loading": loading,
        "startup": startup,
        "checks": checks,
        "total_seconds": time.perf_counter() - started_all,
    }


def _version(module):
    try:
        return __import__(module).__version__
    except ImportError:
        return None


# ------------------------------------------------------------------ the report
def _three_digits(x):
    """A positive number with three significant digits, never in exponent notation
    (0.0846, 0.341, 3.00, 60.6, 1,420)."""
    if x is None:
        return "-"
    if x >= 100:
        return f"{x:,.0f}"
    digits = max(0, 2 - int(np.floor(np.log10(x)))) if x > 0 else 2
    return f"{x:.{digits}f}"


def format_report(result):
    """The human-readable report: the table, the ratios, the other figures and the checks."""
    lines = []
    m = result["machine"]
    torch = m["torch"]
    lines.append(f"mlpbook {result['version']} benchmark"
                 + (" (--quick: small slices, figures indicative only)" if result["quick"] else ""))
    lines.append(f"{m['cpus']} CPUs, Python {m['python']}, numpy {m['numpy']}, numba {m['numba']}, "
                 + (f"torch {torch['version']} ({torch['threads']} threads)" if torch
                    else "torch not installed"))
    lines.append(f"MNIST from {result['data']}")
    lines.append("")
    lines.append(f"Seconds per epoch of {result['epoch_images']:,} training images "
                 f"(sigmoid, quadratic cost, lr 3.0; lower is better)")
    head = f"{'case':<5} {'network':<13} {'batch':>5}  {'implementation':<30} {'s/epoch':>9}  measured"
    lines.append(head)
    lines.append("-" * (len(head) + 36))
    for key, res in result["cases"].items():
        first = True
        for impl, fig in res["timings"].items():
            net = "-".join(map(str, res["layers"])) if first else ""
            lines.append(f"{('(' + key + ')') if first else '':<5} {net:<13} "
                         f"{res['batch_size'] if first else '':>5}  {IMPLEMENTATIONS[impl]:<30} "
                         f"{_three_digits(fig['seconds_per_epoch']):>9}  {fig['note']}")
            first = False
    lines.append("")
    lines.append("Ratios: engine time / comparator time (below 1 = the engine is faster)")
    head = f"{'case':<16} {'/ vectorized':>13} {'/ reference':>13} {'/ PyTorch':>13}"
    lines.append(head)
    lines.append("-" * len(head))
    for key, res in result["cases"].items():
        for label, ratios in ((f"({key}) float32", res["ratios"]),
                              (f"({key}) float64", res.get("ratios_float64"))):
            if ratios is None:
                continue
            lines.append(f"{label:<16} {_three_digits(ratios['engine/vectorized']):>13} "
                         f"{_three_digits(ratios['engine/reference']):>13} "
                         f"{_three_digits(ratios['engine/torch']) if torch else 'not installed':>13}")
    lines.append("")
    mem, load, start = result["memory"], result["loading"], result["startup"]
    rows = [
        ("peak memory, load MNIST + 1 epoch of (a), 60,000 images",
         f"{mem['peak_mb']:.0f} MB" if mem["peak_mb"] is not None else mem["note"]),
        ("MNIST first load from " + ("gzip" if load["gzipped_files"] else "IDX files")
         + " (cache=False, fresh process)", f"{load['gzip_seconds']:.2f} s"),
        ("MNIST load from the decoded cache", f"{load['cached_seconds']:.2f} s"),
        ("import mlpbook + cached kernels + 1 tiny epoch (fresh process)",
         f"{start['cached_seconds']:.2f} s"),
    ]
    if start["cold_seconds"] is not None:
        rows.append(("  the same with an empty kernel cache (compiling)",
                     f"{start['cold_seconds']:.1f} s"))
    width = max(len(r[0]) for r in rows)
    lines += [f"{label:<{width}}  {value:>9}" for label, value in rows]
    lines.append("")
    lines.append("Targets")
    for chk in result["checks"]:
        if chk["value"] is None:
            lines.append(f"{chk['name']}: {chk['status']} ({chk.get('note', 'not measured')})")
            continue
        value, target = chk["value"], chk["target"]
        shown = f"{value:.0f}" if value >= 10 else _three_digits(value)
        wanted = f"{target:g}" if target >= 10 else f"{target:.2f}"
        lines.append(f"{chk['name']} = {shown} (target {chk['op']} {wanted}): {chk['status']}")
    lines.append(f"(benchmark took {result['total_seconds']:.0f} s)")
    return "\n".join(lines)


def run(json_output: bool = False, quick: bool = False) -> dict:
    """Measure, print the report (and with ``json_output`` the result as one JSON line).

    Returns the result: ``cases`` ("a", "b", "c") each with ``timings`` (per implementation:
    ``seconds_per_epoch``, ``images``, ``scaled``, ``note`` ...) and ``ratios``; ``memory``,
    ``loading``, ``startup``; ``checks`` (name, value, target, status "OK" / "MISSED" /
    "SKIPPED").  ``quick`` times small slices only (for tests; figures are indicative).
    """
    result = measure(quick=quick)
    print(format_report(result), flush=True)
    if json_output:
        print(json.dumps(result), flush=True)
    return result


def main(argv=None):
    """``python benchmarks/bench.py [--json] [--quick] [--data-dir DIR]``."""
    parser = argparse.ArgumentParser(prog="bench.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object as the last line")
    parser.add_argument("--quick", action="store_true", help="a short run on small slices")
    parser.add_argument("--data-dir", help="folder with the MNIST files (else $MLPBOOK_DATA_DIR)")
    args = parser.parse_args(argv)
    if args.data_dir:
        os.environ["MLPBOOK_DATA_DIR"] = os.path.abspath(os.path.expanduser(args.data_dir))
    run(json_output=args.json, quick=args.quick)
    return 0
