"""How fast the trainer widget trains in headless Chromium, and whether the page stays smooth.

    python benchmarks/trainer.py [--epochs 10] [--layers 784 16 16 10] [--batch-size 10]
                                 [--no-tfjs] [--json]

Builds a small static site as the book does (the site's scripts, the trainer's data file
written by ``mlpbook.book.trainer_data``, a page with one ``Trainer``), opens it in headless
Chromium with every other host blocked, presses "Train" and waits until the run is done.
Printed:

* training steps per second (one step = one mini-batch), from the worker's own clock of
  the descent, and over the whole run including the scoring of the 2,000 test images
  (target: at least 2,000 steps per second at batch size 10);
* the longest gap between two animation frames of the page while it trained, and while it
  loaded the data (target: no gap over 50 ms), next to the same page's frames at rest;
* the size of the data file (target: at most 2 MB) and of the fallback script, and what the
  trainer adds to its page (its state, with Python's start, and its module).

Then chapter 8's fine-tuner, starting from chapter 8's ``BEST_16`` network (trained first,
about a minute): 50 of a reader's digits (MNIST test digits written in another
hand, :func:`mlpbook.widgets.handwriting.foreign_digits`) and 500 MNIST digits, 10 epochs, from the
press of the button to the end (target: at most 3 s, the longest frame gap at most 50 ms).

And a comparator, **TensorFlow.js** (npm ``@tensorflow/tfjs`` and
``@tensorflow/tfjs-backend-wasm``, pinned by their SHA-512 and fetched for this benchmark
only: the book's pages never load them): the same 784-16-16-10 sigmoid network with the
quadratic cost, from the same start (Python's ``Network(seed=0)``), batch 10, the same
10,000 digits in the same order (numpy's ``default_rng(0)``), trained with ``tf.train.sgd``
in the same page, right after the hand-written trainer's loop runs the same steps on the
same thread. Printed: steps per second of each, the ratio (target: the hand-written loop
at least 2x the faster TensorFlow.js backend) and how far the two runs' weights are apart
after those steps (float32 against float64). The WASM backend runs without threads: they
need a cross-origin-isolated page, which a book opened from disk cannot be.

MNIST comes from the usual places (``MLPBOOK_DATA_DIR``, ``--data-dir``, the cache). A figure
to read, not a test: nothing fails when the machine is slow.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import sys
import tempfile

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))            # the mlpbook next to this folder
sys.path.insert(0, str(ROOT / "tests"))  # the widget page writer the browser tests use

TARGET_STEPS = 2_000
TARGET_GAP_MS = 50.0
TARGET_FINE_TUNE_S = 3.0
TARGET_TFJS_RATIO = 2.0

# Animation frames with the widget's state at each, and the moments the state changed.
WATCH = """(el) => {
    window.__frames = [];
    window.__states = [[performance.now(), el.dataset.state]];
    new MutationObserver(() => window.__states.push([performance.now(), el.dataset.state]))
        .observe(el, {attributes: true, attributeFilter: ["data-state"]});
    const loop = (t) => {
        window.__frames.push([t, el.dataset.state]);
        requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
}"""


def longest_gap(frames, state):
    gaps = [b[0] - a[0] for a, b in zip(frames, frames[1:]) if a[1] == state and b[1] == state]
    return (max(gaps) if gaps else float("nan")), len(gaps)


def measure(epochs, sizes, batch_size, data_dir):
    from playwright.sync_api import sync_playwright

    from browser import PageWatch, launch, serve
    from mlpbook.book import assets
    from mlpbook.book.trainer_data import write_trainer_data
    from mlpbook.widgets.trainer import Trainer
    from widget_browser import write_widget_page

    site = pathlib.Path(tempfile.mkdtemp(prefix="mlpbook-trainer-bench-"))
    assets.install_web_assets(site / "_static")
    files = write_trainer_data(site / "_static", data_dir)
    widget = Trainer(sizes=sizes, epochs=epochs, batch_size=batch_size)
    page_file = write_widget_page([widget], site)
    with serve(site) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            watch = PageWatch(browser)
            page = watch.page
            page.goto(f"{url}/{page_file.name}", wait_until="load")
            page.wait_for_selector(".mlpbook-widget", timeout=60_000)
            if page.evaluate("globalThis.mlpbookStaticUrl") is None:   # older page loaders
                page.evaluate("() => { globalThis.mlpbookStaticUrl = "
                              "new URL('_static/', location.href).href; }")
            root = page.locator(".mlpbook-widget").first
            root.evaluate(WATCH)
            page.wait_for_timeout(1000)                                 # frames at rest
            root.locator(".mlpbook-trainer-train").click()
            page.wait_for_function("e => e.dataset.state === 'done'",
                                   arg=root.element_handle(), timeout=600_000)
            frames = page.evaluate("window.__frames")
            states = page.evaluate("window.__states")
            result = {
                "steps": int(root.get_attribute("data-steps")),
                "steps_per_second": float(root.get_attribute("data-steps-per-second")),
                "test_accuracy": float(root.get_attribute("data-test-accuracy")),
                "problems": watch.problems(),
                "user_agent": page.evaluate("navigator.userAgent"),
            }
        finally:
            browser.close()
    moments = {state: t for t, state in reversed(states)}   # first time in each state
    training_seconds = (moments["done"] - moments["training"]) / 1000
    result["wall_steps_per_second"] = result["steps"] / training_seconds
    result["training_seconds"] = training_seconds
    result["loading_seconds"] = (moments["training"] - moments["loading"]) / 1000
    result["gap_training_ms"], result["frames_training"] = longest_gap(frames, "training")
    result["gap_loading_ms"], result["frames_loading"] = longest_gap(frames, "loading")
    result["gap_idle_ms"], _ = longest_gap(frames, "idle")
    result["data_bytes"] = files["bin_gz_bytes"]
    result["fallback_script_bytes"] = files["js_bytes"]
    result["page_bytes"] = page_file.stat().st_size
    return result


# ---------------------------------------------------------------- the fine-tuner
def measure_fine_tune(data_dir, n_own=50, per_digit=10, epochs=10):
    """Chapter 8's fine-tuner on n_own foreign digits + per_digit MNIST digits for each."""
    import base64

    from playwright.sync_api import sync_playwright

    from browser import PageWatch, launch, serve
    from mlpbook import load_mnist
    from mlpbook.widgets import handwriting
    from mlpbook.book import assets
    from mlpbook.book.trainer_data import write_trainer_data
    from mlpbook.engine.recipes import BEST_16, fit
    from mlpbook.widgets import FineTuner
    from widget_browser import write_widget_page

    data = load_mnist(data_dir, progress=False)
    labels = data.test_labels[2_000:2_200]
    digits = handwriting.foreign_digits(data.test_images[2_000:2_200])
    # as many digits as give n_own to train on (every third of each digit is held out)
    count = next(k for k in range(len(labels)) if int(np.sum(~handwriting.held_out(
        labels[:k]))) == n_own)
    stored = json.dumps({"digits": [{"label": int(y), "id": str(i),
                                     "pixels": base64.b64encode(x.tobytes()).decode()}
                                    for i, (x, y) in enumerate(zip(digits[:count], labels))]})
    site = pathlib.Path(tempfile.mkdtemp(prefix="mlpbook-tune-bench-"))
    assets.install_web_assets(site / "_static")
    write_trainer_data(site / "_static", data_dir)
    network, _ = fit(BEST_16, data)          # chapter 8's network (about a minute)
    page_file = write_widget_page([FineTuner(network, per_digit=per_digit, epochs=epochs)],
                                  site)
    with serve(site) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            watch = PageWatch(browser)
            page = watch.page
            page.goto(f"{url}/{page_file.name}", wait_until="load")
            page.evaluate("(s) => localStorage.setItem('mlpbook/handwriting/v1', s)", stored)
            page.reload(wait_until="load")
            page.wait_for_selector(".mlpbook-widget", timeout=60_000)
            page.evaluate("() => { globalThis.mlpbookStaticUrl = "
                          "new URL('_static/', location.href).href; }")
            root = page.locator(".mlpbook-widget").first
            root.evaluate(WATCH)
            page.wait_for_timeout(500)
            root.locator(".mlpbook-tune-run").click()
            page.wait_for_function("e => e.dataset.state === 'done'", arg=root.element_handle(),
                                   timeout=600_000)
            frames = page.evaluate("window.__frames")
            states = page.evaluate("window.__states")
            result = {"worker_seconds": float(root.get_attribute("data-seconds")),
                      "steps": int(root.get_attribute("data-steps")),
                      "own_before": float(root.get_attribute("data-own-before")),
                      "own_after": float(root.get_attribute("data-own")),
                      "mnist_before": float(root.get_attribute("data-mnist-before")),
                      "mnist_after": float(root.get_attribute("data-mnist")),
                      "problems": watch.problems()}
        finally:
            browser.close()
    moments = {state: t for t, state in reversed(states)}
    start = moments.get("loading", moments["training"])
    result["seconds_to_done"] = (moments["done"] - start) / 1000
    result["loading_seconds"] = (moments["training"] - start) / 1000
    result["gap_ms"] = max(longest_gap(frames, "training")[0], longest_gap(frames, "loading")[0])
    result.update(n_own=n_own, n_mnist=per_digit * n_own, epochs=epochs)
    return result


# ---------------------------------------------------------------- TensorFlow.js
TFJS_PACKAGES = (
    ("@tensorflow/tfjs", "4.22.0",
     "sha512-0TrIrXs6/b7FLhLVNmfh8Sah6JgjBPH4mZ8JGb7NU6WW+cx00qK5BcAZxw7NCzxj6N8MRAIfHq+oNbPUNG5VAg==",
     ("dist/tf.min.js",)),
    ("@tensorflow/tfjs-backend-wasm", "4.22.0",
     "sha512-/IYhReRIp4jg/wYW0OwbbJZG8ON87mbz0PgkiP3CdcACRSvUN0h8rvC0O3YcDtkTQtFWF/tcXq/KlVDyV49wmA==",
     ("dist/tf-backend-wasm.min.js", "dist/*.wasm")),
)

# In the page: the hand-written loop (timeSteps, the worker's code on this thread), then
# TensorFlow.js on each backend, the same steps from the same start in the same order.
COMPARE = """async ({src, params, sizes, lr, batch, steps, warmup, seed, backends}) => {
    const url = URL.createObjectURL(new Blob([src], {type: "text/javascript"}));
    const mod = await import(url);
    const gz = await (await fetch("_static/mlpbook-data/mnist-subset.bin.gz")).arrayBuffer();
    const raw = new Uint8Array(await new Response(new Blob([gz]).stream()
        .pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
    const view = new DataView(raw.buffer);
    const n = view.getUint32(8, true);
    const pixels = view.getUint32(16, true) * view.getUint32(20, true);
    const images = raw.subarray(24, 24 + n * pixels);
    const labels = raw.subarray(24 + n * pixels, 24 + n * pixels + n);
    const out = {};
    const mine = mod.timeSteps({sizes, activation: "sigmoid", cost: "quadratic", params, images,
        labels: Array.from(labels), seed, batchSize: batch, lr, steps, warmup});
    out.handwritten = {steps, seconds: mine.seconds};
    const total = warmup + steps;
    const epochs = Math.ceil(total * batch / n);
    const orders = mod.permutations(seed, n, epochs);
    const flat = new Int32Array(epochs * n);
    orders.forEach((o, e) => flat.set(o, e * n));
    tf.wasm.setWasmPaths(new URL("_static/tfjs/", location.href).href);
    for (const backend of backends) {
        await tf.setBackend(backend);
        await tf.ready();
        const X = tf.tensor2d(Float32Array.from(images, (v) => v / 255), [n, pixels]);
        const Y = tf.oneHot(tf.tensor1d(Int32Array.from(labels), "int32"), 10).toFloat();
        const Ws = [], bs = [];
        let at = 0;
        for (let l = 0; l + 1 < sizes.length; l++) {
            const nIn = sizes[l], nOut = sizes[l + 1];
            const w = new Float32Array(nIn * nOut);       // ours is (out, in): transpose
            for (let j = 0; j < nOut; j++) for (let k = 0; k < nIn; k++)
                w[k * nOut + j] = params[at + j * nIn + k];
            at += nIn * nOut;
            Ws.push(tf.variable(tf.tensor2d(w, [nIn, nOut])));
            bs.push(tf.variable(tf.tensor1d(Float32Array.from(params.slice(at, at + nOut)))));
            at += nOut;
        }
        const opt = tf.train.sgd(lr);
        let k = 0;
        const step = () => {
            const from = (k % (epochs * n / batch)) * batch;
            k += 1;
            const idx = tf.tensor1d(flat.subarray(from, from + batch), "int32");
            tf.tidy(() => {
                const xb = tf.gather(X, idx);
                const yb = tf.gather(Y, idx);
                opt.minimize(() => {
                    let a = xb;
                    for (let l = 0; l < Ws.length; l++) a = tf.sigmoid(a.matMul(Ws[l]).add(bs[l]));
                    return tf.sum(tf.square(a.sub(yb))).mul(0.5 / batch);
                });
            });
            idx.dispose();
        };
        for (let i = 0; i < warmup; i++) step();
        await Ws[0].data();
        const t0 = performance.now();
        for (let i = 0; i < steps; i++) step();
        await Ws[0].data();
        const seconds = (performance.now() - t0) / 1000;
        // the same run? the first layer's weights after the same steps, against ours
        const w1 = await Ws[0].data();
        let diff = 0;
        for (let j = 0; j < sizes[1]; j++) for (let q = 0; q < sizes[0]; q++)
            diff = Math.max(diff, Math.abs(w1[q * sizes[1] + j] - mine.params[j * sizes[0] + q]));
        out[backend] = {steps, seconds, maxWeightDifference: diff};
        [X, Y, ...Ws, ...bs].forEach((t) => t.dispose());
        opt.dispose();
    }
    return out;
}"""


def measure_tfjs(data_dir, steps=1000, warmup=50, batch_size=10, lr=3.0):
    """Steps per second of the hand-written loop and of TensorFlow.js's cpu and wasm backends."""
    from playwright.sync_api import sync_playwright

    from browser import PageWatch, launch, serve
    from mlpbook.book import assets
    from mlpbook.book.trainer_data import write_trainer_data
    from mlpbook.widgets.browser_training import initial_network
    from mlpbook.widgets import Trainer

    site = pathlib.Path(tempfile.mkdtemp(prefix="mlpbook-tfjs-bench-"))
    (site / "_static" / "tfjs").mkdir(parents=True)
    write_trainer_data(site / "_static", data_dir)
    for name, version, integrity, files in TFJS_PACKAGES:
        package = assets.NpmPackage(name, version, integrity, "tfjs", files)
        assets._extract(package, assets.fetch_package(package), site / "_static" / "tfjs-pkg")
    for path in (site / "_static" / "tfjs-pkg" / "dist").iterdir():
        path.rename(site / "_static" / "tfjs" / path.name)
    (site / "compare.html").write_text(
        '<!doctype html><html><head><meta charset="utf-8">'
        '<script src="_static/tfjs/tf.min.js"></script>'
        '<script src="_static/tfjs/tf-backend-wasm.min.js"></script></head><body></body></html>')
    sizes = [784, 16, 16, 10]
    start = initial_network(sizes, seed=0)
    with serve(site) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            watch = PageWatch(browser)
            watch.page.goto(f"{url}/compare.html", wait_until="load")
            result = watch.page.evaluate(COMPARE, {
                "src": Trainer._esm, "params": start.params.tolist(), "sizes": sizes, "lr": lr,
                "batch": batch_size, "steps": steps, "warmup": warmup, "seed": 0,
                "backends": ["cpu", "wasm"]})
            result["problems"] = watch.problems()
        finally:
            browser.close()
    for key in ("handwritten", "cpu", "wasm"):
        result[key]["steps_per_second"] = result[key]["steps"] / result[key]["seconds"]
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10, help="epochs to train (10)")
    parser.add_argument("--layers", type=int, nargs="+", default=[784, 16, 16, 10],
                        help="layer sizes (784 16 16 10)")
    parser.add_argument("--batch-size", type=int, default=10, help="mini-batch size (10)")
    parser.add_argument("--data-dir", default=None, help="folder with MNIST's four files")
    parser.add_argument("--no-tfjs", action="store_true",
                        help="skip the TensorFlow.js comparator (it fetches 33 MB from npm once)")
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    args = parser.parse_args(argv)
    r = measure(args.epochs, args.layers, args.batch_size, args.data_dir)
    layers = "-".join(map(str, args.layers))
    print(f"(load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}: other programs "
          f"slow every figure down)")
    print(f"Trainer widget, headless Chromium ({r['user_agent'].split(' ')[-2]}): {layers}, "
          f"batch {args.batch_size}, {args.epochs} epochs of 10,000 images")
    print(f"  training steps per second: {r['steps_per_second']:,.0f} (descent only), "
          f"{r['wall_steps_per_second']:,.0f} (whole run, with test scoring every quarter "
          f"epoch); {r['steps']:,} steps in {r['training_seconds']:.2f} s; "
          f"test accuracy {r['test_accuracy']:.1%}")
    print(f"  longest gap between animation frames: {r['gap_training_ms']:.1f} ms while "
          f"training ({r['frames_training']} frames), {r['gap_loading_ms']:.1f} ms while "
          f"loading the data ({r['loading_seconds']:.2f} s), {r['gap_idle_ms']:.1f} ms at rest")
    print(f"  data: {r['data_bytes'] / 1e6:.2f} MB gzip (fetched on the first Train), fallback "
          f"script for file:// {r['fallback_script_bytes'] / 1e6:.2f} MB; the page with the "
          f"trainer: {r['page_bytes'] / 1e3:.0f} KB")
    speed_ok = r["steps_per_second"] >= TARGET_STEPS or args.batch_size != 10
    gap_ok = r["gap_training_ms"] <= TARGET_GAP_MS
    size_ok = r["data_bytes"] <= 2_000_000
    print(f"  targets: >= {TARGET_STEPS:,} steps/s {'OK' if speed_ok else 'MISSED'}; "
          f"no gap > {TARGET_GAP_MS:g} ms {'OK' if gap_ok else 'MISSED'}; "
          f"data <= 2 MB {'OK' if size_ok else 'MISSED'}")
    if r["problems"]:
        print("  page problems:\n    " + "\n    ".join(r["problems"]))
    f = measure_fine_tune(args.data_dir)
    print(f"Fine-tuner (chapter 8): {f['n_own']} own digits + {f['n_mnist']} MNIST digits, "
          f"{f['epochs']} epochs ({f['steps']:,} steps)")
    print(f"  {f['seconds_to_done']:.2f} s from the button to the end ({f['loading_seconds']:.2f} s "
          f"of it loading MNIST, {f['worker_seconds']:.2f} s training); longest frame gap "
          f"{f['gap_ms']:.1f} ms; held-out own digits {f['own_before']:.1%} -> "
          f"{f['own_after']:.1%}, MNIST {f['mnist_before']:.1%} -> {f['mnist_after']:.1%}")
    print(f"  targets: <= {TARGET_FINE_TUNE_S:g} s "
          f"{'OK' if f['seconds_to_done'] <= TARGET_FINE_TUNE_S else 'MISSED'}; no gap > "
          f"{TARGET_GAP_MS:g} ms {'OK' if f['gap_ms'] <= TARGET_GAP_MS else 'MISSED'}")
    if f["problems"]:
        print("  page problems:\n    " + "\n    ".join(f["problems"]))
    t = None
    if not args.no_tfjs:
        t = measure_tfjs(args.data_dir)
        mine = t["handwritten"]["steps_per_second"]
        best = max(("cpu", "wasm"), key=lambda k: t[k]["steps_per_second"])
        ratio = mine / t[best]["steps_per_second"]
        print("Hand-written trainer against TensorFlow.js 4.22.0 (784-16-16-10, batch 10, the "
              "same start, digits and order; 1,000 steps each on the page's main thread)")
        print(f"  hand-written: {mine:,.0f} steps/s; TensorFlow.js cpu: "
              f"{t['cpu']['steps_per_second']:,.0f} steps/s, wasm: "
              f"{t['wasm']['steps_per_second']:,.0f} steps/s")
        print(f"  ratio hand-written / TensorFlow.js {best}: {ratio:.1f}x (target >= "
              f"{TARGET_TFJS_RATIO:g}x: {'OK' if ratio >= TARGET_TFJS_RATIO else 'MISSED'}); "
              f"weights apart after the same steps: cpu "
              f"{t['cpu']['maxWeightDifference']:.1e}, wasm {t['wasm']['maxWeightDifference']:.1e}")
        if t["problems"]:
            print("  page problems:\n    " + "\n    ".join(t["problems"]))
    if args.json:
        out = {key: value for key, value in r.items() if key != "user_agent"}
        out["fine_tune"] = f
        if t is not None:
            out["tfjs"] = t
        print(json.dumps(out, default=lambda v: round(v, 4) if isinstance(v, float) else v))
    return 0


if __name__ == "__main__":
    sys.exit(main())
