"""Cue features: each named cue fires on the words a rep would point at, in both languages."""
import pytest

from nlp.features import FEATURES, CueExtractor
from nlp.lang import detect, overall, split_sentences


@pytest.fixture(scope="module")
def cues():
    return CueExtractor()


def named(cx, text, lang):
    return {name for name, _ in cx.extract([(text, lang)])[0].cues}


@pytest.mark.parametrize("text, lang, expected", [
    ("Send me the spec sheet by Friday.", "en", {"imperative", "data"}),
    ("Just tell me the price.", "en", {"imperative"}),
    ("I'm not sure, maybe we should wait?", "en", {"hedge", "negation", "question"}),
    ("Thanks so much, we really appreciate it!", "en", {"politeness", "intensifier", "we", "exclamation"}),
    ("It costs $2,400 per site per month.", "en", {"number", "unit"}),
    ("I need this fixed NOW", "en", {"urgency", "caps"}),
    ("给我报个价，今天能定吗？", "zh", {"imperative", "urgency", "question"}),
    ("我们可能还要再考虑一下，谢谢您", "zh", {"hedge", "politeness", "we"}),
    ("一年十二万，太贵了！", "zh", {"intensifier", "exclamation"}),
    ("不要再拖了，马上处理", "zh", {"negation", "urgency", "imperative"}),
    ("请把对比数据和测试报告发我", "zh", {"data", "politeness"}),
])
def test_features_cues_fire_on_their_words(cues, text, lang, expected):
    assert expected <= named(cues, text, lang)


@pytest.mark.parametrize("text", ["Call went well, they liked the demo.", "The price looks fine to us.",
                                  "Refund of $312 issued this morning.", "Follow-up call with procurement on Friday.",
                                  "Do you have it in blue.", "Don't need more seats, thanks.", "Use of the portal is low."])
def test_features_no_imperative_in_statements(cues, text):
    assert "imperative" not in named(cues, text, "en")


@pytest.mark.parametrize("text", ["Don't put me on hold again.", "Do not transfer me.", "Let's get it signed today.",
                                  "Please book the 10:40.", "Think of it as insurance.", "Do it now."])
def test_features_imperative_read_from_the_opening_verb(cues, text):
    assert "imperative" in named(cues, text, "en")


def test_features_vector_is_bounded_and_named(cues):
    out = cues.extract([("WOW!!! This is SO SO amazing!!!", "en"), ("好的", "zh")])
    for c in out:
        assert c.vector.shape == (len(FEATURES),)
        assert ((c.vector >= 0) & (c.vector <= 1)).all()


@pytest.mark.parametrize("text, lang", [("我们在用Salesforce", "zh"), ("We use 钉钉 at work every day", "en"),
                                         ("ok", "en"), ("好", "zh")])
def test_lang_detect_per_segment(text, lang):
    assert detect(text) == lang


def test_lang_overall_mixed():
    assert overall([("en", 100), ("zh", 90)]) == "mixed"
    assert overall([("zh", 100), ("en", 5)]) == "zh"


def test_lang_sentences_keep_decimals_and_split_chinese():
    assert split_sentences("It is 5.5% better. 真的吗？好！") == ["It is 5.5% better.", "真的吗？", "好！"]
