"""How fast the trainer widget trains in headless Chromium, and whether the page stays smooth.

    python benchmarks/trainer.py [--epochs 10] [--layers 784 16 16 10] [--batch-size 10] [--json]

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

MNIST comes from the usual places (``MLPBOOK_DATA_DIR``, ``--data-dir``, the cache). A figure
to read, not a test: nothing fails when the machine is slow.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))            # the mlpbook next to this folder
sys.path.insert(0, str(ROOT / "tests"))  # the widget page writer the browser tests use

TARGET_STEPS = 2_000
TARGET_GAP_MS = 50.0

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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10, help="epochs to train (10)")
    parser.add_argument("--layers", type=int, nargs="+", default=[784, 16, 16, 10],
                        help="layer sizes (784 16 16 10)")
    parser.add_argument("--batch-size", type=int, default=10, help="mini-batch size (10)")
    parser.add_argument("--data-dir", default=None, help="folder with MNIST's four files")
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    args = parser.parse_args(argv)
    r = measure(args.epochs, args.layers, args.batch_size, args.data_dir)
    layers = "-".join(map(str, args.layers))
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
    if args.json:
        print(json.dumps({key: (round(value, 4) if isinstance(value, float) else value)
                          for key, value in r.items() if key != "user_agent"}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
