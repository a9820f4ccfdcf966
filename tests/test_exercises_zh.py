"""The exercises in Chinese: what the Chinese edition's reader sees (MLPBOOK_LANGUAGE=zh).

Every statement, hint, solution and title has its Chinese text; every listed typical
mistake, and garbage, gets feedback in Chinese, each mistake its own.
"""

import re

import pytest

import mlpbook
from mlpbook.exercises.core import T
from test_exercises import ALL, GARBAGE, IDS

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def chinese(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    mlpbook.set_language("zh")
    yield
    mlpbook.set_language("en")


@pytest.mark.parametrize("chapter,ex", ALL, ids=IDS)
def test_every_text_has_its_chinese(chapter, ex):
    missing = [str(getattr(t, "en", t))[:60] for t in ex.texts()
               if not isinstance(t, T) or not t.zh or not CJK.search(t.zh)]
    assert not missing, f"texts without Chinese: {missing}"
    shown = ex.show()._repr_html_() + repr(ex.hint()) + repr(ex.solution())
    assert "提示" in shown and "解答" in shown and CJK.search(ex.title)


@pytest.mark.parametrize("chapter,ex", ALL, ids=IDS)
def test_typical_mistakes_get_their_own_chinese_feedback(chapter, ex):
    messages = []
    for wrong, _ in ex.mistakes:
        feedback = ex.check(wrong)
        assert not feedback.correct
        assert CJK.search(feedback.message), f"English feedback for {wrong!r}: {feedback.message}"
        messages.append(feedback.message)
    assert len(set(messages)) == len(messages), "two mistakes share one message"


@pytest.mark.parametrize("chapter,ex", ALL, ids=IDS)
def test_garbage_gets_chinese_feedback(chapter, ex):
    for junk in GARBAGE:
        feedback = ex.check(junk)
        assert not feedback.correct
        assert CJK.search(feedback.message), f"English feedback for {junk!r}: {feedback.message}"


def test_bilingual_text_follows_the_language():
    text = T("{n} pixels", "{n} 个像素").format(n=784)
    assert str(text) == "784 个像素"
    mlpbook.set_language("en")
    assert str(text) == "784 pixels"
    assert str(T("only English")) == "only English"  # no Chinese: falls back, never crashes
