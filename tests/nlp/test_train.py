"""Training reproduces the shipped heads from the repo's data, and the data covers every label."""
import json

import numpy as np
import pytest

from nlp import datasets as ds
from nlp import labels as registry
from nlp.heads.base import LinearHead
from nlp.pipeline import MODELS_DIR

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("task", ["style", "objection", "emotion"])
def test_train_every_label_has_training_and_test_examples(task):
    splits = ds.corpus_splits(task)
    for label in registry.names(task):
        if task == "objection":
            assert sum(label in e.labels for e in splits["train"]) >= 50
            assert any(label in e.labels for e in splits["test"])
        else:
            assert sum(e.label == label for e in splits["train"]) >= 50
            assert any(e.label == label for e in splits["test"])
    for lang in ("en", "zh"):
        assert sum(e.lang == lang for e in splits["train"]) >= 300


def test_train_splits_do_not_overlap():
    for task in ("style", "objection", "emotion", "social", "skills"):
        s = ds.corpus_splits(task)
        ids = [set(e.id for e in s[k]) for k in ("train", "dev", "test")]
        assert not (ids[0] & ids[1]) and not (ids[0] & ids[2]) and not (ids[1] & ids[2])
        texts_train = {e.text for e in s["train"]}
        assert not texts_train & {e.text for e in s["test"]}, "a test text is also in training"


@pytest.mark.parametrize("task", ["style", "objection", "emotion"])
def test_train_command_reproduces_the_shipped_head(task, pipeline, tmp_path):
    from nlp import train

    report = train.train(task, pipeline, tmp_path, progress=lambda *_: None)
    shipped = json.loads((MODELS_DIR / "use" / f"{task}.card.json").read_text())
    assert report["card"]["training_data"]["corpus_sha256"] == shipped["training_data"]["corpus_sha256"]
    for name, m in shipped["metrics"].items():
        got = report["card"]["metrics"][name]
        assert abs(got["macro_f1"] - m["macro_f1"]) <= 0.02, (name, got, m)
    new = LinearHead.load(tmp_path / "use" / task, task, pipeline.encoder.dim)
    old = pipeline.heads[task].linear
    if new.W1 is None:  # a linear head is a convex fit: the arrays themselves match
        assert np.allclose(new.W, old.W, atol=5e-3)
    assert (new.lexical is None) == (old.lexical is None)
    if new.lexical is not None:  # the n-gram view is a convex fit too, on the same vocabulary
        assert new.lexical.vocab.terms == old.lexical.vocab.terms
        assert new.lexical.blend == old.lexical.blend
        assert np.allclose(new.lexical.W, old.lexical.W, atol=5e-3)


def test_train_skills_reproduces_the_shipped_detectors(pipeline, tmp_path):
    from nlp.train import train_skills

    card = train_skills(pipeline, tmp_path, progress=lambda *_: None)
    shipped = json.loads((MODELS_DIR / "use" / "skills.card.json").read_text())
    assert card["training_data"]["corpus_sha256"] == shipped["training_data"]["corpus_sha256"]
    for name, m in shipped["metrics"].items():
        assert abs(card["metrics"][name]["cv_f1"] - m["cv_f1"]) <= 0.02, (name, card["metrics"][name], m)
    with np.load(tmp_path / "use" / "skills.npz") as new, np.load(MODELS_DIR / "use" / "skills.npz") as old:
        assert set(new.files) == set(old.files)
        for k in new.files:
            if new[k].dtype.kind == "U":  # an n-gram vocabulary
                assert new[k].tolist() == old[k].tolist(), k
            else:
                assert np.allclose(new[k], old[k], atol=5e-3), k


def test_an_ensemble_of_networks_is_stored_as_one_network_with_their_mean_logits():
    from nlp.heads.base import gelu
    from nlp.train import _stack

    rng = np.random.default_rng(0)
    nets = [(rng.normal(size=(4, 6)), rng.normal(size=4), rng.normal(size=(3, 4)), rng.normal(size=3)) for _ in range(3)]
    x = rng.normal(size=(5, 6))
    mean = np.mean([gelu(x @ W1.T + b1) @ W.T + b for W1, b1, W, b in nets], axis=0)
    W1, b1, W, b = _stack(nets)
    assert W1.shape == (12, 6) and W.shape == (3, 12)
    assert np.allclose(gelu(x @ W1.T + b1) @ W.T + b, mean)
