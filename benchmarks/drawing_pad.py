"""How long the drawing pad takes to answer one movement of the pen, in headless Chromium.

    python benchmarks/drawing_pad.py [--updates 3000] [--json]

While the reader draws, the pad does this for each new segment of the pen and once per
animation frame: ink the segment into its 112x112 raster (``inkStroke``), prepare the raster
as MNIST's digits were (crop, fit into 20x20, centre by mass: ``mnistSteps``) and run the
784-16-16-10 forward pass (``forward``). This script loads the pad's own ES module into
Chromium, replays strokes of a few digits one segment at a time (as a pen would add them) and
times those three steps after every segment. The target is under 2 ms per update, so the
page keeps 60 frames a second with room to spare. The time to draw the segment on the visible
canvas and to repaint the page is not included (the browser does that anyway).

A figure to read, not a test: nothing fails when the machine is slow.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import shutil
import sys

# Run from a checkout without installing: use the mlpbook next to this folder.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from mlpbook import Network  # noqa: E402
from mlpbook.widgets._base import read_esm  # noqa: E402
from mlpbook.widgets.drawing_pad import network_state  # noqa: E402

TARGET_MS = 2.0
BATCH = 20  # updates timed together (the browser's clock is coarse)

# Digits as a reader draws them: strokes of points in 0..1 of the pad.
DIGITS = {
    "7": [[[0.25, 0.2], [0.5, 0.2], [0.75, 0.2], [0.65, 0.45], [0.55, 0.65], [0.48, 0.85]]],
    "0": [[[0.5 + 0.2 * np.sin(t), 0.5 - 0.3 * np.cos(t)] for t in np.linspace(0, 6.3, 40)]],
    "4": [[[0.35, 0.15], [0.28, 0.55], [0.72, 0.55]], [[0.6, 0.3], [0.6, 0.88]]],
}

RUN = """async ({src, net, digits, updates, batch}) => {
    const url = URL.createObjectURL(new Blob([src], {type: "text/javascript"}));
    const pad = await import(url);
    const weights = Float32Array.from(net.weights), biases = Float32Array.from(net.biases);
    const size = pad.RASTER;
    const ink = new Float64Array(size * size);
    // Short segments, as pointer events deliver them: each stroke resampled every 0.01.
    const fine = (stroke) => {
        const out = [stroke[0]];
        for (let i = 1; i < stroke.length; i++) {
            const [a, b] = [stroke[i - 1], stroke[i]];
            const n = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / 0.01));
            for (let k = 1; k <= n; k++) out.push([a[0] + (b[0] - a[0]) * k / n,
                                                  a[1] + (b[1] - a[1]) * k / n]);
        }
        return out;
    };
    const one = () => {
        const steps = pad.mnistSteps(ink, size, size);
        return steps === null ? null
            : pad.forward(net.sizes, weights, biases, steps.final, net.activation, net.output);
    };
    const parts = {ink: 0, prepare: 0, forward: 0};
    const batches = [];
    let done = 0, answers = 0, inBatch = 0, batchTime = 0;
    while (done < updates) {
        for (const strokes of digits) {
            ink.fill(0);
            for (const stroke of strokes.map(fine)) {
                for (let i = 0; i < stroke.length && done < updates; i++) {
                    const t0 = performance.now();
                    pad.inkStroke(ink, stroke.slice(0, i + 1), size, i);
                    answers += one() === null ? 0 : 1;
                    batchTime += performance.now() - t0;
                    done++;
                    if (++inBatch === batch) {
                        batches.push(batchTime / batch);
                        inBatch = 0;
                        batchTime = 0;
                    }
                }
            }
        }
    }
    // The three steps separately, on the last drawing, many times over.
    const steps = pad.mnistSteps(ink, size, size);
    const repeat = 500;
    const last = digits[digits.length - 1].map(fine);
    const segments = last.reduce((n, stroke) => n + stroke.length, 0);
    let t = performance.now();
    for (let r = 0; r < repeat; r++) pad.rasterize(last, size);
    parts.ink = (performance.now() - t) / repeat / segments;
    t = performance.now();
    for (let r = 0; r < repeat; r++) pad.mnistSteps(ink, size, size);
    parts.prepare = (performance.now() - t) / repeat;
    t = performance.now();
    for (let r = 0; r < repeat; r++) {
        pad.forward(net.sizes, weights, biases, steps.final, net.activation, net.output);
    }
    parts.forward = (performance.now() - t) / repeat;
    return {batches, parts, updates: done, answers, userAgent: navigator.userAgent};
}"""


def find_chromium():
    named = os.environ.get("MLPBOOK_CHROMIUM", "").strip()
    if named:
        return named
    for candidate in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(candidate)
        if found:
            return found
    return None  # let Playwright use its own browser, if it has one


def measure(updates):
    from playwright.sync_api import sync_playwright

    state = network_state(Network([784, 16, 16, 10], seed=0))
    net = {"sizes": state["sizes"], "activation": state["activation"], "output": state["output"],
           "weights": np.frombuffer(state["weights"], "<f4").tolist(),
           "biases": np.frombuffer(state["biases"], "<f4").tolist()}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.route("**/*", lambda route: route.abort())  # nothing leaves this machine
            page.set_content("<!doctype html><title>drawing pad benchmark</title>")
            return page.evaluate(RUN, {"src": read_esm("drawing_pad"), "net": net,
                                       "digits": [DIGITS[d] for d in DIGITS],
                                       "updates": updates, "batch": BATCH})
        finally:
            browser.close()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=3000, help="updates to time (3000)")
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    args = parser.parse_args(argv)
    if args.updates < BATCH:
        parser.error(f"--updates must be at least {BATCH}")
    result = measure(args.updates)
    batches = np.array(result["batches"])
    mean, p95, worst = batches.mean(), np.percentile(batches, 95), batches.max()
    parts = result["parts"]
    print(f"Drawing pad, headless Chromium ({result['userAgent'].split(' ')[-2]}), "
          f"{result['updates']} updates while drawing 3 digits, timed in batches of {BATCH}:")
    print(f"  ink + preprocess + forward pass per update: mean {mean:.3f} ms, "
          f"95th percentile {p95:.3f} ms, slowest batch {worst:.3f} ms")
    print(f"  of which (on the finished digit): ink one segment {parts['ink']:.4f} ms, "
          f"preprocess {parts['prepare']:.3f} ms, forward pass {parts['forward']:.3f} ms")
    verdict = "OK" if p95 < TARGET_MS else "SLOWER THAN TARGET"
    print(f"  95th percentile {p95:.3f} ms (target < {TARGET_MS:g} ms): {verdict}")
    if args.json:
        print(json.dumps({"updates": result["updates"], "mean_ms": round(float(mean), 4),
                          "p95_ms": round(float(p95), 4), "max_batch_ms": round(float(worst), 4),
                          "ink_segment_ms": round(parts["ink"], 5),
                          "preprocess_ms": round(parts["prepare"], 4),
                          "forward_ms": round(parts["forward"], 4), "target_ms": TARGET_MS}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
