"""Stored heads: loading refuses a card that does not match the registry; evidence is exact."""
import json
import shutil

import numpy as np
import pytest

from nlp.features import FEATURES
from nlp.heads.base import LinearHead, ModelCardError, represent
from nlp.labels import STYLES
from nlp.pipeline import MODELS_DIR


def _tiny(tmp_path, labels=STYLES, dim=4):
    rng = np.random.default_rng(0)
    d = dim + len(FEATURES)
    head = LinearHead("style", tuple(labels), False, rng.normal(size=(len(labels), d)).astype(np.float32),
                      np.zeros(len(labels), np.float32), np.zeros(d, np.float32), np.ones(d, np.float32))
    head.save(tmp_path / "style", {"version": "t"})
    return head


def test_heads_load_refuses_labels_that_differ_from_the_registry(tmp_path):
    _tiny(tmp_path)
    card = json.loads((tmp_path / "style.card.json").read_text())
    card["labels"] = ["analytical", "driver", "expressive", "amiable", "grumpy"]
    (tmp_path / "style.card.json").write_text(json.dumps(card))
    with pytest.raises(ModelCardError, match="grumpy.*registry.*talktrack train style"):
        LinearHead.load(tmp_path / "style", "style", 4)


def test_heads_load_refuses_another_encoders_dimension(tmp_path):
    _tiny(tmp_path)
    with pytest.raises(ModelCardError, match="another encoder"):
        LinearHead.load(tmp_path / "style", "style", 512)


def test_heads_load_says_how_to_train_a_missing_head(tmp_path):
    with pytest.raises(ModelCardError, match="talktrack train emotion"):
        LinearHead.load(tmp_path / "emotion", "emotion", 512)


def test_heads_sentence_contributions_add_up_to_the_logit_gap(tmp_path):
    _tiny(tmp_path)
    head = LinearHead.load(tmp_path / "style", "style", 4)
    rng = np.random.default_rng(1)
    emb, cues = rng.normal(size=(3, 4)).astype(np.float32), rng.random((3, len(FEATURES))).astype(np.float32)
    logits = head.logits(represent(emb, cues))
    k = 2
    gap = logits[k] - logits.mean()
    contrib = head.contributions(emb, cues, k)
    # mean of the per-sentence shares + a constant that does not depend on the sentences
    const = gap - contrib.mean()
    emb2 = rng.normal(size=(3, 4)).astype(np.float32)
    logits2 = head.logits(represent(emb2, cues))
    assert np.isclose(logits2[k] - logits2.mean(), head.contributions(emb2, cues, k).mean() + const, atol=1e-4)


@pytest.mark.parametrize("encoder", ["use", "minilm"])
@pytest.mark.parametrize("task", ["style", "emotion", "objection"])
def test_heads_shipped_cards_describe_their_training(encoder, task):
    card = json.loads((MODELS_DIR / encoder / f"{task}.card.json").read_text())
    assert card["labels"] and card["encoder"] == encoder
    assert card["training_data"]["examples"] > 0 and card["training_data"]["corpus_sha256"]
    assert set(card["training_data"]["sources"]) <= {"talktrack-style", "talktrack-objection", "talktrack-emotion",
                                                     "talktrack-social", "goemotions", "cped"}, \
        "research-only data must not train weights"
    assert card["metrics"]


def test_heads_are_plain_arrays_not_pickles():
    for npz in MODELS_DIR.rglob("*.npz"):
        with np.load(npz, allow_pickle=False) as z:  # raises if anything needs unpickling
            # numbers as float32; n-gram vocabularies as fixed-width strings, never objects
                assert all(z[k].dtype == np.float32 or z[k].dtype.kind == "U" for k in z.files)
    assert not list(MODELS_DIR.rglob("*.pkl"))
