"""The n-gram view blended into the heads: what it reads, how it is stored, and that it matters."""
import numpy as np
import pytest

from nlp.features import FEATURES
from nlp.heads.base import LinearHead
from nlp.heads.lexical import LexicalModel, Vocabulary, grams, word_grams
from nlp.labels import STYLES


def test_grams_read_chinese_characters_and_english_words_alike():
    zh = grams("预算不够")
    assert zh["预算"] == 1 and zh["预算不够"] == 1
    en = grams("Run it by my boss. Run it by legal.")
    assert en["w:run it"] == 2 and en["w:run"] == 2 and en["w:my boss"] == 1
    assert grams("ＲＵＮ") == grams("run")  # full-width and case fold to the same n-grams


def test_word_grams_keep_a_questions_frame_whole_in_both_languages():
    en = word_grams("What happens when 30 orders ship late? What happens when 4 do?")
    assert en["t:what happens when"] == 2 and en["t:when <num> orders"] == 1  # any number is one token
    zh = word_grams("每个月对账的时候，会不会觉得特别费劲？")
    assert zh["t:会 不会 觉得"] == 1 and zh["t:对账"] == 1  # jieba words, not characters
    assert "t:不会觉" not in zh and word_grams("ＷＨＡＴ") == word_grams("what")


def test_a_vocabulary_counts_the_ngrams_of_its_own_analyzer():
    spans = [["what happens when it fails"], ["what happens when it stops"], ["it fails"]]
    words, chars = Vocabulary.fit(spans, analyzer="words"), Vocabulary.fit(spans)
    assert "t:what happens when" in words.index and "t:what happens when" not in chars.index
    idx, _ = words.vector(["what happens when it breaks"])
    assert words.index["t:what happens when"] in idx.tolist()


def test_a_span_is_its_sentences_counted_once_each_in_any_order():
    v = Vocabulary.fit([["too expensive"], ["need my boss"], ["too expensive", "boss"]])
    a = v.vector(["too expensive", "need my boss"])
    b = v.vector(["need my boss", "too expensive"])
    assert np.array_equal(a[0], b[0]) and np.allclose(a[1], b[1])
    assert np.isclose(np.linalg.norm(a[1]), 1.0)
    assert len(v.vector([])[0]) == 0


def _head_with_lexical(blend):
    d = 4 + len(FEATURES)
    vocab = Vocabulary.fit([["line by line breakdown"], ["bottom line now"], ["line by line"], ["bottom line"]])
    W = np.zeros((len(STYLES), len(vocab.terms)), np.float32)
    W[STYLES.index("driver"), vocab.index["w:bottom line"]] = 8.0
    return LinearHead("style", STYLES, False, np.zeros((len(STYLES), d), np.float32), np.zeros(len(STYLES), np.float32),
                      np.zeros(d, np.float32), np.ones(d, np.float32),
                      lexical=LexicalModel(vocab, W, np.zeros(len(STYLES), np.float32), False, blend))


def test_the_ngram_view_moves_the_blend_by_its_share():
    head = _head_with_lexical(0.6)
    emb, cues = np.zeros((1, 4), np.float32), np.zeros((1, len(FEATURES)), np.float32)
    p = head.span_proba(emb, cues, ["Give me the bottom line"])
    assert STYLES[int(np.argmax(p))] == "driver"
    # the embedding view alone is uniform: the n-gram view can lift the label by at most its share
    assert 0.2 < p[STYLES.index("driver")] < 0.4 * 0.2 + 0.6
    assert np.allclose(head.span_proba(emb, cues, ["nothing known here"]), 1 / len(STYLES))
    contrib = head.span_contributions(np.zeros((2, 4), np.float32), np.zeros((2, len(FEATURES)), np.float32),
                                      ["hello there", "bottom line please"], STYLES.index("driver"))
    assert contrib[1] > contrib[0]  # evidence points at the sentence carrying the words


def test_the_ngram_view_survives_save_and_load_without_pickles(tmp_path):
    head = _head_with_lexical(0.7)
    head.save(tmp_path / "style", {"version": "t"})
    with np.load(tmp_path / "style.npz", allow_pickle=False) as z:
        assert z["lex_terms"].dtype.kind == "U"
    loaded = LinearHead.load(tmp_path / "style", "style", 4)
    assert loaded.lexical.vocab.terms == head.lexical.vocab.terms and loaded.lexical.blend == pytest.approx(0.7)
    emb, cues = np.zeros((1, 4), np.float32), np.zeros((1, len(FEATURES)), np.float32)
    assert np.allclose(loaded.span_proba(emb, cues, ["bottom line"]), head.span_proba(emb, cues, ["bottom line"]))
    assert loaded.card["lexical"]["terms"] == len(head.lexical.vocab.terms)


@pytest.mark.parametrize("task", ["style", "objection", "emotion"])
def test_shipped_heads_carry_an_ngram_view_chosen_on_dev(task, pipeline):
    linear = pipeline.heads[task].linear
    assert linear.lexical is not None, f"the {task} head was shipped without its n-gram view"
    assert 0 < linear.lexical.blend < 1
    assert linear.card["hyperparameters"]["lexical"]["blend"] == pytest.approx(linear.lexical.blend)
