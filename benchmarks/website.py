"""How heavy each page of the built website is, and how soon its widgets answer.

Serves ``_build/html`` on 127.0.0.1, opens every page in headless Chromium (every other host
blocked) with an empty cache, and prints per page:

* the transfer size: every file the page loaded, gzip-compressed as a web server would
  send it (``gzip -6``), summed; and uncompressed;
* the time from navigation start until every widget on the page has rendered and its first
  slider answers a key press (for pages with widgets), and until MathJax finished;
* for pages with exercise answer boxes: the time from Enter (the form's submit) until the
  verdict is on the next painted frame, the worst of a few answers in every box;
* and, apart from any page, the time the page's checker takes to judge one answer (the
  parity test's inputs, tests/test_exercises_in_page.py, for every value exercise).

Targets (issues "The website works with no kernel", "Exercises that check themselves on the
website"): heaviest page <= 2 MB gzip; a page with widgets interactive < 2 s after load from
a local server; a check answers < 50 ms after Enter.

    python benchmarks/website.py [--json]        (build the book first: python -m mlpbook book)
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser import PageWatch, launch, serve  # noqa: E402
from test_website import COUNT_WIDGET_VIEWS, HTML_DIR, toc_pages  # noqa: E402

READY = """async (n) => {
    const t0 = performance.timeOrigin;
    const until = async (test) => { while (!test()) await new Promise(r => setTimeout(r, 10)); };
    if (n) await until(() => document.querySelectorAll(
        '.mlpbook-static-widget[data-rendered="yes"]').length >= n);
    const widgets = performance.now();
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
    return {widgets_ms: n ? widgets : null, math_ms: performance.now()};
}"""


# Answers typed into every box of the page; the time from submit to the painted verdict.
CHECK_TIMES = """async () => {
    const times = [];
    for (const box of document.querySelectorAll('.mlpbook-answer-box')) {
        const input = box.querySelector('input');
        const form = box.querySelector('form');
        for (const text of ['0.5', 'not a number', '[1, 2]', '7, 2', 'cde', '1/3']) {
            input.value = text;
            const t0 = performance.now();
            form.requestSubmit();
            await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
            times.push(performance.now() - t0);
        }
    }
    localStorage.clear();
    return times;
}"""


# Every input judged 20 times by the answer box's checker: ms per judgement, sorted.
JUDGE_TIMES = """async ([src, cases]) => {
    const url = URL.createObjectURL(new Blob([src], {type: "text/javascript"}));
    const checker = await import(url);
    for (const [spec, texts] of cases) checker.checkAll(spec, texts);  // warm up
    const times = [];
    for (const [spec, texts] of cases) {
        for (const text of texts) {
            const t0 = performance.now();
            for (let k = 0; k < 20; k += 1) checker.checkText(spec, text);
            times.push((performance.now() - t0) / 20);
        }
    }
    return times.sort((a, b) => a - b);
}"""


def judge_times(browser) -> list[float]:
    """ms per judgement of the page's checker, on every value exercise's parity inputs."""
    from test_exercises_in_page import VALUE, inputs
    from widget_browser import module_source

    cases = [(ex.answer.spec("en"), inputs(ex)) for _, ex in VALUE]
    watch = PageWatch(browser)
    try:
        watch.page.goto("about:blank")
        return watch.page.evaluate(JUDGE_TIMES, [module_source("answer_box", ("_exercise",)),
                                                 cases])
    finally:
        watch.close()


def measure(browser, url: str, page_path: str) -> dict:
    watch = PageWatch(browser)
    sizes: dict[str, tuple[int, int]] = {}

    def on_response(response):
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
            return
        sizes[response.url] = (len(body), len(gzip.compress(body, compresslevel=6)))

    watch.page.on("response", on_response)
    watch.page.goto(f"{url}/{page_path}", wait_until="load")
    n = watch.page.evaluate(COUNT_WIDGET_VIEWS)
    times = watch.page.evaluate(READY, n)
    answer_ms = None
    if n:
        slider = watch.page.locator(".mlpbook-widget input[type=range]").first
        if slider.count():
            slider.scroll_into_view_if_needed()
            started = time.perf_counter()
            slider.focus()
            watch.page.keyboard.press("ArrowRight")
            answer_ms = (time.perf_counter() - started) * 1000
    check_ms = watch.page.evaluate(CHECK_TIMES) if n else []
    watch.page.wait_for_timeout(300)  # late, lazily loaded files (fonts, images)
    problems = watch.problems()
    watch.close()
    raw = sum(size for size, _ in sizes.values())
    packed = sum(size for _, size in sizes.values())
    return {"page": page_path, "files": len(sizes), "bytes": raw, "gzip_bytes": packed,
            "widgets": n, "widgets_ready_ms": times["widgets_ms"], "math_ready_ms": times["math_ms"],
            "key_to_answer_ms": answer_ms, "checks": len(check_ms), "check_ms": check_ms,
            "worst_check_ms": max(check_ms) if check_ms else None, "problems": problems}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object last")
    args = parser.parse_args()
    if not (HTML_DIR / "index.html").is_file():
        print(f"no built site in {HTML_DIR}: run `python -m mlpbook book` first", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as playwright, serve(HTML_DIR) as url:
        browser = launch(playwright)
        for page_path in [folder + page for folder in ("", "zh/") for page in toc_pages()]:
            rows.append(measure(browser, url, page_path))
        judged = judge_times(browser)
        browser.close()
    print(f"{'page':44} {'files':>5} {'MB':>6} {'MB gzip':>8} {'widgets':>7} "
          f"{'ready ms':>8} {'math ms':>8}")
    for row in rows:
        ready = f"{row['widgets_ready_ms']:.0f}" if row["widgets_ready_ms"] is not None else "-"
        print(f"{row['page']:44} {row['files']:5d} {row['bytes'] / 1e6:6.2f} "
              f"{row['gzip_bytes'] / 1e6:8.2f} {row['widgets']:7d} {ready:>8} "
              f"{row['math_ready_ms']:8.0f}")
        for problem in row["problems"]:
            print(f"    problem: {problem}")
    heaviest = max(rows, key=lambda r: r["gzip_bytes"])
    slowest = max((r for r in rows if r["widgets"]), key=lambda r: r["widgets_ready_ms"],
                  default=None)
    print(f"\nheaviest page: {heaviest['page']} {heaviest['gzip_bytes'] / 1e6:.2f} MB gzip "
          f"(target <= 2 MB: ratio {heaviest['gzip_bytes'] / 2e6:.2f})")
    if slowest:
        print(f"slowest widgets: {slowest['page']} ready {slowest['widgets_ready_ms']:.0f} ms "
              f"after navigation start (target < 2000 ms: ratio "
              f"{slowest['widgets_ready_ms'] / 2000:.2f})")
    checked = [r for r in rows if r["checks"]]
    worst_check = max((r["worst_check_ms"] for r in checked), default=None)
    if checked:
        all_checks = sorted(t for r in checked for t in r["check_ms"])
        median = all_checks[len(all_checks) // 2]
        p95 = all_checks[min(len(all_checks) - 1, int(0.95 * len(all_checks)))]
        print(f"exercise checks: {len(all_checks)} answers in {len(checked)} pages, from Enter "
              f"to the painted verdict: median {median:.1f} ms, 95th percentile {p95:.1f} ms, "
              f"slowest {worst_check:.1f} ms (target < 50 ms: ratio {worst_check / 50:.2f})")
    judge_median = judged[len(judged) // 2]
    print(f"judging one answer (the checker alone, {len(judged)} inputs): median "
          f"{judge_median * 1000:.1f} µs, 95th percentile "
          f"{judged[int(0.95 * len(judged))] * 1000:.1f} µs, slowest {judged[-1]:.2f} ms")
    if args.json:
        print(json.dumps({"pages": rows, "heaviest_gzip_bytes": heaviest["gzip_bytes"],
                          "slowest_widgets_ready_ms": slowest and slowest["widgets_ready_ms"],
                          "worst_check_ms": worst_check, "judge_median_ms": judge_median}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
