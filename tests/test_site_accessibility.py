"""Every reader of the built website, both editions: screen reader, keyboard, phone, dark mode.

Measured in headless Chromium on the site in _build/html (the ``site_url`` fixture builds it,
or reuses it with MLPBOOK_TEST_REUSE_BUILD=1), every request to another host blocked:

1. ``test_every_page_on_a_phone`` opens each page of an edition once, on a 390x844 phone with
   touch, and fails on: any WCAG 2.0/2.1/2.2 A or AA violation axe-core finds (on one page
   also in the desktop layout's sidebars and header, which a phone folds away: every page
   has the same ones); a page wider than the phone; a canvas drawn squeezed (its CSS box's
   shape differs from its pixels' by more than 2%); a widget's custom button smaller than a
   24 px target; a tab stop inside a MathJax formula (only the box of a formula too wide for
   the screen may be one: the keyboard must be able to scroll it). axe-core is pinned and verified like the site's own
   scripts (mlpbook.book.assets.AXE_CORE) and injected by the test: no page ships it. Two
   pages are checked at a time (each runs axe in its own renderer process).
2. ``test_dark_mode`` switches the theme with the page's own button on the widget pages: every
   widget figure is drawn again in the new colours, and the texts of the widgets, of the
   exercises and of an answer's feedback keep 4.5:1 contrast (3:1 when large), in both modes.
3. ``test_play_by_keyboard`` and ``test_train_by_keyboard``: ch. 5's Play and ch. 10's Train
   work from the keyboard; a screen reader hears where they end (not every frame); focus
   stays on a button when Train disables itself. (Reduced motion, the sliders' announcements
   and the viewer's targets are checked widget by widget: tests/test_widget_every_reader.py.)
"""

from __future__ import annotations

import collections

import pytest
from built_site import EDITION_FOLDERS, TYPESET_TIMEOUT, toc_pages

from browser import PageWatch
from mlpbook.book import assets

# The first test of a session that asks for the site builds it (executing every chapter).
pytestmark = pytest.mark.timeout(2400)

PHONE = {"viewport": (390, 844), "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"width": 1280, "height": 900}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# What the desktop layout shows and a phone folds away, checked again at desktop width on one
# page of each edition (every page has the same sidebars and header, from the same template).
DESKTOP_ONLY = ["#pst-primary-sidebar", "#pst-secondary-sidebar", ".bd-header-article"]
DESKTOP_SAMPLE = "chapters/06_backpropagation.html"


def axe_source() -> str:
    return assets.package_file(assets.AXE_CORE, "axe.min.js").decode("utf-8")


def test_the_themes_markup_is_mended():
    """What the build changes in the markup it does not write (the pages' axe run is the real
    check; this one names the four repairs, on the theme's and docutils' own markup)."""
    from mlpbook.book.sphinx_ext import accessible_markup

    theme = ('<button class="btn search-button-field search-button__button pst-js-only" '
             'title="Search" aria-label="Search" data-bs-placement="bottom">'
             '<summary aria-label="Toggle hidden content">'
             '<i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light" title="Light"></i>'
             '<div role="list" class="citation-list">'
             '<div class="citation" id="id15" role="doc-biblioentry">')
    mended = accessible_markup(theme)
    assert 'aria-label="Search"' not in mended and 'title="Search"' in mended
    assert "<summary>" in mended and 'title="Light"' not in mended
    assert 'role="doc-biblioentry"' not in mended and 'id="id15" role="listitem"' in mended
    assert accessible_markup(mended) == mended            # a second build changes nothing
    other = '<button class="btn" aria-label="Search"><i class="fa" title="Light"></i>'
    assert accessible_markup(other) == other              # nothing else is touched


# ------------------------------------------------------------------ JavaScript in the page
# Formulas typeset, every widget rendered, and formulas.js done with the formulas' boxes.
READY = """() => {
    const math = [...document.querySelectorAll('span.math, div.math')];
    const views = document.querySelectorAll(
        'script[type="application/vnd.jupyter.widget-view+json"]').length;
    const shown = [...document.querySelectorAll('.mlpbook-static-widget')];
    return math.every(el => el.querySelector('mjx-container'))
        && shown.length >= views && shown.every(el => el.dataset.rendered === 'yes')
        && document.documentElement.dataset.mlpbookFormulas === 'checked';
}"""

# Starts axe in the page (its promise is awaited later, so two pages can run at once).
START_AXE = """([tags, include]) => {
    const context = include ? {include: include.filter(s => document.querySelector(s))
        .map(s => [s])} : document;
    window.__mlpbookAxe = axe.run(context, {runOnly: {type: 'tag', values: tags},
        resultTypes: ['violations']}).then(r => r.violations.map(v =>
            `${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} element(s): ` +
            v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(' | ')));
}"""
AXE_RESULT = "() => window.__mlpbookAxe"

# A phone's view of the page: what is wrong with its width, canvases, targets and tab stops.
PHONE_PROBLEMS = """() => {
    const problems = [];
    const root = document.documentElement;
    const screen = root.clientWidth;
    const name = (el) => el.tagName.toLowerCase() + (el.className && typeof el.className ===
        'string' ? '.' + el.className.trim().split(/\\s+/).slice(0, 2).join('.') : '');
    if (root.scrollWidth > screen) {
        const scrolls = (el) => { for (let a = el.parentElement; a && a !== document.body;
            a = a.parentElement) if (getComputedStyle(a).overflowX !== 'visible') return true;
            return false; };
        const wide = [...document.querySelectorAll('.bd-main *')].filter(el => {
            const box = el.getBoundingClientRect();
            return box.width && box.right > screen + 0.5 && !scrolls(el); }).slice(0, 4)
            .map(el => `${name(el)} "${el.textContent.trim().slice(0, 40)}"`);
        problems.push(`the page is ${root.scrollWidth} px wide on a ${screen} px phone: `
            + wide.join('; '));
    }
    for (const canvas of document.querySelectorAll('canvas')) {
        const box = canvas.getBoundingClientRect();
        if (!box.width || !box.height || !canvas.width || !canvas.height) continue;
        const squeeze = (box.width / box.height) / (canvas.width / canvas.height);
        if (Math.abs(squeeze - 1) > 0.02) problems.push(`${name(canvas)} in ` +
            `${name(canvas.closest('.mlpbook-widget') || canvas.parentElement)} is drawn ` +
            `${Math.round(box.width)}x${Math.round(box.height)} px for ${canvas.width}x` +
            `${canvas.height} pixels (squeezed ${squeeze.toFixed(2)}x)`);
    }
    const small = [...document.querySelectorAll('.mlpbook-widget [role=button]')].filter(el => {
        const box = el.getBoundingClientRect();
        return box.width && (box.width < 24 || box.height < 24); });
    if (small.length) problems.push(`${small.length} widget button(s) smaller than a 24 px ` +
        'target (WCAG 2.5.8): ' + small.slice(0, 3).map(el => { const box =
        el.getBoundingClientRect(); return `${name(el)} "${el.getAttribute('aria-label') || ''}" ` +
        `${box.width.toFixed(1)}x${box.height.toFixed(1)} px`; }).join('; '));
    const stops = [...document.querySelectorAll('mjx-container, mjx-container *')].filter(el =>
        el.tabIndex >= 0 && !(el.matches('mjx-container.mlpbook-scrolls')
                              && el.scrollWidth > el.clientWidth));
    if (stops.length) problems.push(`${stops.length} tab stop(s) inside MathJax formulas ` +
        '(only a formula too wide for the screen may be one)');
    return problems;
}"""


class PhonePage:
    """One page opened on the phone: checked at once, its axe run still going."""

    def __init__(self, chromium, url: str, page_path: str, axe: str):
        self.path = page_path
        self.watch = PageWatch(chromium, **PHONE)
        page = self.watch.page
        page.goto(f"{url}/{page_path}", wait_until="load")
        page.wait_for_function(READY, timeout=TYPESET_TIMEOUT)
        self.problems = page.evaluate(PHONE_PROBLEMS)
        page.add_script_tag(content=axe)
        page.evaluate(START_AXE, [WCAG_TAGS, None])

    def finish(self) -> list[str]:
        """The axe findings on the phone (and in the desktop layout's own parts)."""
        page = self.watch.page
        try:
            problems = self.problems + page.evaluate(AXE_RESULT)
            if self.path.endswith(DESKTOP_SAMPLE):
                page.set_viewport_size(DESKTOP)
                page.evaluate(START_AXE, [WCAG_TAGS, DESKTOP_ONLY])
                problems += [f"desktop layout: {p}" for p in page.evaluate(AXE_RESULT)]
            problems += [p for p in self.watch.problems() if "another host" in p]
        finally:
            self.watch.close()
        return problems


@pytest.mark.parametrize("edition", EDITION_FOLDERS, ids=["en", "zh"])
def test_every_page_on_a_phone(site_url, chromium, edition):
    axe = axe_source()
    found: dict[str, list[str]] = {}
    going: collections.deque[PhonePage] = collections.deque()

    def finish_one():
        page = going.popleft()
        problems = page.finish()
        if problems:
            found[page.path] = problems

    for page_path in toc_pages():
        going.append(PhonePage(chromium, site_url, edition + page_path, axe))
        if len(going) == 2:
            finish_one()
    while going:
        finish_one()
    assert not found, "\n".join(
        f"{path}:\n  " + "\n  ".join(problems) for path, problems in found.items())


# ------------------------------------------------------------------ dark mode
# The contrast of every text in the elements `selector` finds: a list of the failures.
CONTRAST = """(selector) => {
    const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/);
        const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
        return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
    const over = (top, under) => ({a: 1, ...Object.fromEntries(['r', 'g', 'b'].map(k =>
        [k, top[k] * top.a + under[k] * (1 - top.a)]))});
    const luminance = (c) => ['r', 'g', 'b'].map(k => { const v = c[k] / 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((sum, v, i) => sum + [0.2126, 0.7152, 0.0722][i] * v, 0);
    const backdrop = (el) => { const layers = [];
        for (let a = el; a; a = a.parentElement) {
            const c = parse(getComputedStyle(a).backgroundColor);
            if (c.a > 0) { layers.push(c); if (c.a >= 1) break; } }
        return layers.reverse().reduce((under, c) => over(c, under), {r: 255, g: 255, b: 255, a: 1}); };
    const failures = [];
    let texts = 0;
    for (const el of document.querySelectorAll(selector + ', ' + selector.split(',')
            .map(s => s + ' *').join(','))) {
        if (!el.getClientRects().length || el.closest('mjx-container, .mlpbook-sr-only, svg, ' +
            'div.highlight, :disabled')) continue;
        if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
        const style = getComputedStyle(el);
        if (style.visibility === 'hidden') continue;
        let opacity = 1;
        for (let a = el; a; a = a.parentElement) opacity *= Number(getComputedStyle(a).opacity);
        const bg = backdrop(el);
        const ink = parse(style.color);
        const fg = over({...ink, a: ink.a * opacity}, bg);
        const [hi, lo] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
        const ratio = (hi + 0.05) / (lo + 0.05);
        const size = parseFloat(style.fontSize);
        const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
        texts += 1;
        if (ratio < (large ? 3 : 4.5)) failures.push(`${ratio.toFixed(2)}:1 ` +
            `"${el.textContent.trim().slice(0, 40)}" (${style.color} on rgb(${Math.round(bg.r)}, ` +
            `${Math.round(bg.g)}, ${Math.round(bg.b)}))`);
    }
    return {texts, failures};
}"""
FIGURES = ".mlpbook-widget canvas[role=img]"
PIXELS = f"""() => [...document.querySelectorAll('{FIGURES}')].map(c => c.toDataURL())"""
READABLE = ".mlpbook-widget, .cell_output .text_html"

# A few widget pages (each widget's redraw is also checked on its own, in
# tests/test_widget_every_reader.py); the exercises' plates look alike on every page.
DARK_PAGES = ["chapters/02_weights_and_bias.html", "zh/chapters/04_cost.html",
              "chapters/10_why_hidden_layers.html"]


def assert_readable(page, mode, page_path):
    result = page.evaluate(CONTRAST, READABLE)
    assert result["texts"] > 20, f"{page_path}: found almost no text to check"
    assert not result["failures"], (f"{page_path}, {mode} mode: text below WCAG contrast:\n  "
                                    + "\n  ".join(result["failures"][:15]))


@pytest.mark.parametrize("page_path", DARK_PAGES)
def test_dark_mode(site_url, visit, page_path):
    page = visit.page
    page.goto(f"{site_url}/{page_path}", wait_until="load")
    page.wait_for_function(READY, timeout=TYPESET_TIMEOUT)
    assert page.evaluate("document.documentElement.dataset.theme") == "light"
    # an answer's feedback box too (a wrong answer: the box the reader sees most)
    box = page.locator(".mlpbook-answer-input").first
    box.fill("12345")
    box.press("Enter")
    page.wait_for_selector(".mlpbook-feedback")
    assert_readable(page, "light", page_path)
    light = page.evaluate(PIXELS)
    assert light, f"{page_path}: no widget figure to check"

    for _ in range(3):  # the reader's own switch cycles light -> auto (light here) -> dark
        page.locator(".theme-switch-button:visible").first.click()
        if page.evaluate("document.documentElement.dataset.theme") == "dark":
            break
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.wait_for_function(f"""(before) => [...document.querySelectorAll('{FIGURES}')]
        .every((c, i) => c.toDataURL() !== before[i])""", arg=light, timeout=5000)
    assert_readable(page, "dark", page_path)
    assert visit.problems() == []


# ------------------------------------------------------------------ the keyboard
# Counts every change of a node's text (what a screen reader would announce from a live region).
COUNT_CHANGES = """([el, key]) => { window[key] = []; new MutationObserver(() =>
    window[key].push(el.textContent)).observe(el, {childList: true, characterData: true,
    subtree: true}); }"""


def open_widget_page(visit, site_url, page_path, widget):
    page = visit.page
    page.goto(f"{site_url}/{page_path}", wait_until="load")
    page.wait_for_function(READY, timeout=TYPESET_TIMEOUT)
    return page, page.locator(widget).first


def test_play_by_keyboard(site_url, visit):
    page, root = open_widget_page(visit, site_url, "chapters/05_gradient_descent.html",
                                  ".mlpbook-descent_explorer")
    title = root.locator(".mlpbook-descent-end")
    status = root.locator("[role=status]")
    end = title.inner_text()
    assert end.startswith("end: ") and int(root.locator(".mlpbook-readout").nth(2).inner_text()) > 5
    page.evaluate(COUNT_CHANGES, [title.element_handle(), "titles"])
    page.evaluate(COUNT_CHANGES, [status.element_handle(), "said"])
    root.locator("input[type=range]").nth(2).focus()   # the steps slider, then Tab to Play
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('mlpbook-descent-play')")
    page.keyboard.press("Enter")                             # Play...
    page.wait_for_function("() => window.titles.length >= 4", timeout=5000)
    assert page.evaluate("window.titles")[1].startswith("step ")   # ...step after step...
    page.keyboard.press("Enter")                             # ...Stop: the whole path again
    page.wait_for_function("el => el.textContent.length > 0", arg=status.element_handle())
    assert title.inner_text() == end and status.text_content() == end
    assert page.evaluate("window.said") == [end]           # said once, where it ended
    assert visit.problems() == []


def test_train_by_keyboard(site_url, visit):
    page, root = open_widget_page(visit, site_url, "chapters/10_why_hidden_layers.html",
                                  ".mlpbook-hidden_layer_explorer")
    status_line = root.locator(".mlpbook-hl-status")
    spoken = root.locator("[role=status]")
    page.evaluate(COUNT_CHANGES, [status_line.element_handle(), "lines"])
    page.evaluate(COUNT_CHANGES, [spoken.element_handle(), "said"])
    root.locator(".mlpbook-hl-actions input[type=range]").focus()  # learning rate, Tab: Train
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('mlpbook-hl-train')")
    page.keyboard.press("Enter")
    # Train disables itself: the focus moves to Stop, not to the page
    assert page.evaluate("document.activeElement.classList.contains('mlpbook-hl-stop')")
    page.wait_for_function("el => el.dataset.state === 'trained'", arg=root.element_handle(),
                           timeout=15_000)
    assert page.evaluate("document.activeElement.classList.contains('mlpbook-hl-train')")
    page.wait_for_function("el => el.textContent.includes('100%')", arg=spoken.element_handle())
    said = page.evaluate("window.said")
    assert len(page.evaluate("window.lines")) > 10        # the status line moved with training
    assert len(said) <= 2 and said[-1].startswith("Done"), said   # start and end, nothing else
    assert visit.problems() == []
