"""The printed reports of chapters 4-6 speak the reader's language and line up.

Chapters print their numbers through lesson functions (``cost.report``, ``descent.report``,
``gradcheck.check_table``, ...), so the Chinese edition prints Chinese without label pairs in
the reader's code. Each report is printed in both languages: in Chinese no English word may be
left (names, code such as ``reference.backprop``, and symbols excepted), in English no Chinese;
columns line up in either language (a Chinese character is two columns wide).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import mlpbook
from mlpbook import Network
from mlpbook.lessons import backprop_levers, cost, descent
from mlpbook.engine import gradcheck
from mlpbook.engine._report import Report, Table, pad, width
from mlpbook.lessons.backprop_levers import example_nudges
from mlpbook.i18n import T

CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
#: Words a Chinese report may keep: names, code, and the symbols of the formulas.
KEPT = {"mlpbook", "sigmoid", "numba", "reference.backprop", "ln"}

NET = Network([6, 4, 3], seed=0, dtype=np.float64)
WANTS = example_nudges(NET, np.linspace(0, 1, 6), 1)

REPORTS = {
    "cost.report": lambda: cost.report(label=4, desired=np.eye(10)[4], video=2.0, mlpbook=1.0,
                                       ratio=2.0, random=3.05, trained=0.2, before=3.05,
                                       one_bias_lower=2.8, outputs_sum=1.0, p_right=0.09,
                                       cross_entropy_image=2.4, cross_entropy_network=2.3,
                                       ln10=np.log(10)),
    "cost.image_report": lambda: cost.image_report(np.linspace(0.1, 0.9, 10), 4),
    "cost.answers_report": lambda: cost.answers_report(np.array([8, 8, 1]), np.array([8, 2, 1])),
    "descent.report": lambda: descent.report(
        tried_direction=102.3, tried_rate=-0.39, minus_gradient_direction=102.3,
        gradient_length=0.39, change_x=0.003, change_y=0.001, ratio=3.0, cost_before=1.5,
        cost_after=0.57, sigmoid_changed=658, step_changed=0),
    "descent.stationary_table": lambda: descent.stationary_table([-3.773, -2.427, -0.812]),
    "descent.learning_rate_table": lambda: descent.learning_rate_table(
        {0.01: (0.45, 0.2), 3.0: (0.07, 0.9), 100.0: None}),
    "descent.describe_path": lambda: descent.describe_path(
        descent.descend(descent.slope1d, -2.0, 0.005, 30))[1],
    "backprop_levers.summary": lambda: WANTS.summary(index=25),
    "backprop_levers.lever_table": lambda: backprop_levers.lever_table(WANTS, NET, neuron=1),
    "backprop_levers.report": lambda: backprop_levers.report(
        n_params=NET.n_params, batch_diff=1e-17, largest_gradient=0.01),
    "backprop_levers.error_size_table": lambda: backprop_levers.error_size_table(
        {"6-4-3": backprop_levers.error_sizes(NET, np.linspace(0, 1, 12).reshape(2, 6), [0, 2])}),
    "gradcheck.report": lambda: gradcheck.report(
        by_hand=-0.12, finite_differences=-0.12, relative_error=1e-11, same_as_by_hand=True,
        largest_relative_error=3e-10, fd_derivatives=13_002, fd_costs=26_004, fd_seconds=7.7,
        bp_microseconds=400, speedup=19_000, largest_difference=2e-11, largest_derivative=0.13,
        vectorized_vs_reference=1e-15, numba_vs_reference=1e-15),
    "gradcheck.check_table": lambda: gradcheck.check_table(
        NET, [0, 5, 30], [0.1, 0.0, -0.2], [0.1, 0.0, -0.2000001]),
}


@pytest.fixture
def language():
    yield mlpbook.set_language
    mlpbook.set_language("en")


def english_words(text):
    text = re.sub(r"\S*[._]\S*", " ", text)          # code and names with dots or _
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in KEPT]


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_report_is_chinese_in_the_chinese_edition(name, language):
    language("zh")
    text = str(REPORTS[name]())
    assert CHINESE.search(text), text
    assert english_words(text) == [], f"{name} prints English in Chinese:\n{text}"


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_report_is_english_in_the_english_edition(name, language):
    language("en")
    text = str(REPORTS[name]())
    assert not CHINESE.search(text), text
    assert english_words(text), text


def test_reports_line_up_in_both_languages(language):
    report = Report([(T("a", "甲"), "1"), (T("a longer label", "长得多的标签"), "2")])
    for code in ("en", "zh"):
        language(code)
        first, second = str(report).splitlines()
        assert first.endswith("1") and second.endswith("2")
        assert width(first[:-1]) == width(second[:-1])      # the values start in one column
    table = Table([T("digit", "数字"), "0", "1"], [[T("answered", "作为答案的次数"), "5", "60000"]])
    language("zh")
    rows = str(table).splitlines()
    assert len({width(r) for r in rows}) == 1          # right-aligned numbers end together
    assert pad("数字", 6) == "数字  " and pad("7", 3, ">") == "  7"


def test_a_report_names_its_mistake():
    with pytest.raises(ValueError, match="no words for 'cots'"):
        cost.report(cots=1.0)


def test_describe_path_says_what_each_path_did():
    kinds = [descent.describe_path(descent.descend(descent.slope1d, s, lr, 30))[0]
             for s, lr in [(-2.0, 0.05), (-2.0, 0.005), (-2.0, 0.6), (3.5, 50.0)]]
    assert kinds == ["settled", "crawled", "bounced", "ran away"]


def test_stationary_table_finds_minima_and_hilltops():
    w = np.linspace(-5, 4, 90_001)
    slope = descent.slope1d(w)
    flat = w[:-1][np.sign(slope[:-1]) != np.sign(slope[1:])]
    text = str(descent.stationary_table(flat))
    assert text.count("minimum") == 3 and text.count("hilltop") == 2


def test_gradient_by_layer_sorts_and_shares():
    layers = descent.gradient_by_layer([np.array([[0.0, 3.0]]), np.array([[4.0]])],
                                       [np.array([0.0]), np.array([0.0])])
    assert [layer for layer, _, _ in layers] == [1, 2]
    assert list(layers[0][1]) == [3.0, 0.0, 0.0] and np.isclose(layers[1][2], 16 / 25)
