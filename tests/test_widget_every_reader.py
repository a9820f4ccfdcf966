"""The book's figure widgets for every reader, on a static page in Chromium (no kernel).

On a phone a figure keeps its shape and its controls stay within reach (24 px targets; the
hidden-layer explorer's pictures and sliders on one screen); the figures follow the page's
colour theme; a screen reader hears a result once it has settled, not every frame; an
animation honours prefers-reduced-motion; a button that disables itself hands the keyboard
focus on. (tests/test_site_accessibility.py checks the same on the built book.)
"""

from __future__ import annotations

import numpy as np
import pytest

from mlpbook import Network, widgets
from mlpbook.lessons import toy2d

PHONE = {"width": 390, "height": 844}
# The book's theme in miniature: dark mode changes the text colour the figures draw with.
THEME_CSS = """html[data-theme="dark"] body { color: #ced6dd; background: #14181e; }"""


def digits(n=10, seed=0):
    rng = np.random.default_rng(seed)
    return np.clip(rng.random((n, 28, 28)) * (rng.random((n, 28, 28)) < 0.4), 0, 1).astype(
        np.float32)


def figure_widgets():
    return [widgets.NeuronExplorer(digits(), np.arange(10)), widgets.SquishExplorer(),
            widgets.CostExplorer(label=3, confidence=0.5), widgets.DescentExplorer(),
            widgets.HiddenLayerExplorer()]


FIGURES = ".mlpbook-widget canvas[role=img]"
SHAPES = f"""() => [...document.querySelectorAll('{FIGURES}')].map(c => {{
    const box = c.getBoundingClientRect();
    const column = c.closest('.mlpbook-widget').getBoundingClientRect();
    return {{squeeze: (box.width / box.height) / (c.width / c.height),
             inside: box.right <= column.right + 0.5, width: box.width}};
}})"""
PIXELS = f"() => [...document.querySelectorAll('{FIGURES}')].map(c => c.toDataURL())"
# Records every text a node shows (a live region: what a screen reader would say).
RECORD = """([el, key]) => { window[key] = []; new MutationObserver(() =>
    window[key].push(el.textContent)).observe(el, {childList: true, characterData: true,
    subtree: true}); }"""


def test_figures_keep_their_shape_on_a_phone(widget_page):
    wp = widget_page(*figure_widgets())
    wp.page.set_viewport_size(PHONE)
    wp.page.wait_for_timeout(100)
    shapes = wp.page.evaluate(SHAPES)
    assert len(shapes) == 1 + 1 + 1 + 1 + 2
    for shape in shapes:
        assert shape["squeeze"] == pytest.approx(1, abs=0.02), shapes   # a circle stays round
        assert shape["inside"] and shape["width"] <= 390
    assert wp.page.evaluate("document.documentElement.scrollWidth") <= 390
    assert wp.problems() == []


def test_figures_follow_the_colour_theme(widget_page):
    wp = widget_page(*figure_widgets())
    page = wp.page
    page.add_style_tag(content=THEME_CSS)
    light = page.evaluate(PIXELS)
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    page.wait_for_function(f"""(before) => [...document.querySelectorAll('{FIGURES}')]
        .every((c, i) => c.toDataURL() !== before[i])""", arg=light, timeout=5000)
    dark = page.evaluate(PIXELS)
    page.evaluate("document.documentElement.dataset.theme = 'light'")   # and back again
    page.wait_for_function(f"""(before) => [...document.querySelectorAll('{FIGURES}')]
        .every((c, i) => c.toDataURL() === before[i])""", arg=light, timeout=5000)
    assert dark != light
    assert wp.problems() == []


@pytest.mark.parametrize("index, name", [(0, "neuron"), (1, "squish"), (2, "cost"),
                                         (3, "descent"), (4, "hidden layer")])
def test_a_slider_run_is_said_once(widget_page, index, name):
    """Ten quick key presses on a slider: the figure follows each, a screen reader hears the
    result once, when the reader stops (nothing at all before that)."""
    wp = widget_page(figure_widgets()[index])
    page, root = wp.page, wp.root(0)
    status = root.locator("[role=status]")
    assert status.count() == 1 and status.get_attribute("aria-live") == "polite"
    assert root.locator("[aria-live]").count() == 1            # no other live region
    page.wait_for_timeout(500)
    assert status.text_content() == ""                         # nothing said on opening
    page.evaluate(RECORD, [status.element_handle(), "said"])
    before = page.evaluate(PIXELS)
    root.locator(".mlpbook-hl-groups input[type=range]" if index == 4
                 else "input[type=range]").first.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("() => window.said.length > 0")
    page.wait_for_timeout(600)
    said = page.evaluate("window.said")
    assert len(said) == 1 and said[0], said
    assert page.evaluate(PIXELS) != before
    assert wp.problems() == []


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_descent_play_is_said_once_and_calm_when_asked(widget_page, motion):
    wp = widget_page(widgets.DescentExplorer(start=-4.0, lr=0.05, steps=60))
    page, root = wp.page, wp.root(0)
    page.emulate_media(reduced_motion=motion)
    title = root.locator(".mlpbook-descent-end")
    status = root.locator("[role=status]")
    play = root.get_by_role("button", name="play")
    end = title.inner_text()
    page.evaluate(RECORD, [title.element_handle(), "titles"])
    page.evaluate(RECORD, [status.element_handle(), "said"])
    play.click()
    assert root.get_by_role("button", name="stop").count() == 1  # named by the word it shows
    page.wait_for_function("el => el.textContent.startsWith('end: ')",
                           arg=title.element_handle(), timeout=15_000)
    page.wait_for_function("() => window.said.length > 0")
    titles = page.evaluate("window.titles")
    assert titles[-1] == end and page.evaluate("window.said") == [end]
    shown = [int(t.split()[1]) for t in titles[:-1]]      # "step k of 60: ..."
    assert shown == sorted(shown) and shown[0] == 0 and shown[-1] < 60   # forward, from 0
    if motion == "reduce":          # at most 6 jumps, half a second or more apart
        assert 2 <= len(titles) <= 7, titles
    else:                           # step by step (a busy machine may skip a frame or two)
        assert len(titles) >= 30, len(titles)
    assert wp.problems() == []


# ------------------------------------------------------------------ ch. 10's explorer
def test_hidden_layer_train_by_keyboard_hands_focus_on_and_is_said_once(widget_page):
    wp = widget_page(widgets.HiddenLayerExplorer())
    page, root = wp.page, wp.root(0)
    spoken = root.locator("[role=status]")
    page.evaluate(RECORD, [root.locator(".mlpbook-hl-status").element_handle(), "lines"])
    page.evaluate(RECORD, [spoken.element_handle(), "said"])
    root.locator(".mlpbook-hl-train").focus()
    page.keyboard.press("Enter")
    active = "document.activeElement.className"
    assert page.evaluate(active) == "mlpbook-hl-stop"     # not <body>: Train disabled itself
    page.wait_for_function("el => el.dataset.state === 'trained'", arg=root.element_handle(),
                           timeout=15_000)
    assert page.evaluate(active) == "mlpbook-hl-train"    # and back when Stop does
    page.wait_for_function("() => window.said.some(s => s.startsWith('Done'))")
    said = page.evaluate("window.said")
    assert len(page.evaluate("window.lines")) > 20          # the picture moved every frame...
    assert len(said) <= 2, said                             # ...the reader heard start and end
    assert "100% (4 of 4 right)" in said[-1]
    # Stop by keyboard: focus returns to Train
    root.locator(".mlpbook-hl-reset").click()
    root.locator(".mlpbook-hl-train").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")                            # on Stop, which now has the focus
    page.wait_for_function("el => ['stopped', 'trained'].includes(el.dataset.state)",
                           arg=root.element_handle())
    assert page.evaluate(active) == "mlpbook-hl-train"
    assert wp.problems() == []


def test_hidden_layer_training_is_calm_under_reduced_motion(widget_page):
    w = widgets.HiddenLayerExplorer(dataset="clusters")
    Xc, yc = toy2d.xor_clusters()
    expected = toy2d.train(w.params, Xc, yc, lr=w.learning_rate, steps=w.max_steps)
    wp = widget_page(w)
    page, root = wp.page, wp.root(0)
    page.emulate_media(reduced_motion="reduce")
    page.evaluate(RECORD, [root.locator(".mlpbook-hl-status").element_handle(), "lines"])
    root.locator(".mlpbook-hl-train").click()
    page.wait_for_function("el => el.dataset.state === 'trained'", arg=root.element_handle(),
                           timeout=15_000)
    assert int(root.get_attribute("data-steps")) == expected.steps   # the same training...
    pictures = len(page.evaluate("window.lines"))
    assert 1 <= pictures <= expected.steps // 400 + 2, pictures      # ...in a few pictures
    assert wp.problems() == []


def test_hidden_layer_fits_a_phone(widget_page):
    wp = widget_page(widgets.HiddenLayerExplorer())
    # the book theme's big <legend> and a longer first caption, as on the built page
    wp.page.add_style_tag(content="legend { font-size: 1.5rem; float: left; width: 100%; }")
    wp.page.evaluate("document.querySelector('.mlpbook-hl-panel figcaption').textContent "
                     "+= ' and more words, for a caption that takes another line or two'")
    wp.page.set_viewport_size(PHONE)
    wp.page.wait_for_timeout(100)
    at = wp.page.evaluate("""() => {
        const box = (el) => el.getBoundingClientRect();
        const sliders = [...document.querySelectorAll('.mlpbook-hl-groups input[type=range]')];
        return {plotTop: box(document.querySelector('.mlpbook-hl-input')).top,
                hidden: box(document.querySelector('.mlpbook-hl-hidden')),
                input: box(document.querySelector('.mlpbook-hl-input')),
                lastSlider: box(sliders[sliders.length - 1]).bottom,
                heights: [...document.querySelectorAll('.mlpbook-widget input')]
                    .map(s => box(s).height),
                wide: document.documentElement.scrollWidth};
    }""")
    assert at["hidden"]["top"] == pytest.approx(at["input"]["top"], abs=1)   # side by side,
    assert at["hidden"]["height"] == pytest.approx(at["input"]["height"], abs=1)  # level
    assert at["lastSlider"] - at["plotTop"] <= 700, at      # pictures and sliders: one screen
    assert min(at["heights"]) >= 24                         # WCAG 2.5.8 target size
    assert at["wide"] <= 390
    assert wp.problems() == []


# ------------------------------------------------------------------ ch. 8's viewer
def test_viewer_neurons_are_touch_targets_on_a_phone(widget_page):
    wp = widget_page(widgets.NetworkViewer(Network([784, 16, 16, 10], seed=0), digits(4)))
    page, root = wp.page, wp.root(0)
    page.set_viewport_size(PHONE)
    page.wait_for_function("""() => { const c = document.querySelector("[data-layer='1']");
        const svg = document.querySelector('svg.mlpbook-nv-diagram');   // redrawn for a phone
        return svg.getBoundingClientRect().width < 540 && c.getBoundingClientRect().width >= 24;
    }""")
    boxes = root.locator("[role=button]").evaluate_all(
        "cs => cs.map(c => { const b = c.getBoundingClientRect(); return [b.left, b.top, "
        "b.width, b.height]; })")
    assert len(boxes) == 16
    assert min(w for _, _, w, _ in boxes) >= 24 and min(h for *_, h in boxes) >= 24
    tops = sorted(top for _, top, _, _ in boxes)
    assert min(b - a for a, b in zip(tops, tops[1:])) >= 24 - 0.01   # no two overlap
    # a tap near the edge of a target, outside its shaded dot, chooses that neuron
    left, top, width, height = boxes[5]
    dot = root.locator(".mlpbook-nv-dot").nth(5).evaluate("d => d.getBoundingClientRect().height")
    assert dot < height
    page.mouse.click(left + width / 2, top + height - 2)
    page.wait_for_function("el => el.textContent.includes('5')",
                           arg=root.locator(".mlpbook-nv-title").element_handle())
    assert root.locator("[data-layer='1'][aria-pressed='true']").get_attribute(
        "data-index") == "5"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert wp.problems() == []


def test_viewer_says_a_choice_once_and_nothing_on_hover(widget_page):
    wp = widget_page(widgets.NetworkViewer(Network([784, 16, 16, 10], seed=0), digits(4)))
    page, root = wp.page, wp.root(0)
    status = root.locator("[role=status]")
    page.evaluate(RECORD, [status.element_handle(), "said"])
    for i in (2, 3, 4):
        root.locator(f"[data-layer='1'][data-index='{i}']").hover()
    root.locator(".mlpbook-nv-answer").hover()
    page.wait_for_timeout(600)
    assert page.evaluate("window.said") == []                  # pointing says nothing
    root.get_by_label("digit", exact=True).select_option("2")
    page.wait_for_function("() => window.said.length > 0")
    assert page.evaluate("window.said")[-1] == root.locator(".mlpbook-nv-answer").inner_text()
    root.locator("[data-layer='1'][data-index='9']").click()
    page.wait_for_function("() => window.said.length > 1")
    assert "9" in page.evaluate("window.said")[-1]
    assert wp.problems() == []


# ------------------------------------------------------------------ ch. 8's drawing pad
@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_pad_and_its_set_fit_a_phone(widget_page, language):
    """The network chooser under the pad names its choices at length ("the chapter's network
    (from Python)", 你的（还没有：…）): on a phone it shrinks to the screen instead of
    widening the page."""
    net = Network([784, 16, 16, 10], seed=0)
    wp = widget_page(widgets.DrawingPad(net, language=language))
    wp.page.set_viewport_size(PHONE)
    wp.page.wait_for_timeout(100)
    wide = wp.page.evaluate("""() => ({page: document.documentElement.scrollWidth,
        chooser: document.querySelector('.mlpbook-drawing-network').getBoundingClientRect()
            .right})""")
    assert wide["page"] <= 390 and wide["chooser"] <= 390, wide
    assert wp.problems() == []
