"""A trained linear head stored as plain arrays (.npz) beside a JSON model card.

The same `represent` turns a text's sentences into the head's input at training and
at inference time, so the two can never drift apart.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from nlp import labels as label_registry
from nlp.features import FEATURES
from nlp.heads.lexical import LexicalModel

CARD_SUFFIX = ".card.json"


class ModelCardError(RuntimeError):
    """A stored head that does not fit the code loading it."""


def represent(embeddings: np.ndarray, cues: np.ndarray) -> np.ndarray:
    """One input row for a span of sentences: mean embedding beside mean cue features.

    The mean keeps every sentence's share of a logit separable, which is what makes
    per-sentence evidence exact for a linear head.
    """
    if len(embeddings) == 0:
        return np.zeros(embeddings.shape[1] + len(FEATURES), dtype=np.float32)
    return np.concatenate([embeddings.mean(axis=0), cues.mean(axis=0)]).astype(np.float32)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def gelu(x: np.ndarray) -> np.ndarray:
    # x * x * x, not x ** 3: numpy's general power is ~25x slower here and made this the costliest line of a request.
    return 0.5 * x * (1.0 + np.tanh(0.7978845608 * (x + 0.044715 * (x * x * x))))


def dense_logits(x: np.ndarray, mu: np.ndarray, sigma: np.ndarray, W: np.ndarray, b: np.ndarray,
                 W1: np.ndarray | None = None, b1: np.ndarray | None = None) -> np.ndarray:
    """Standardised inputs → (optional GELU hidden layer) → logits: every head's and detector's dense model."""
    z = (x - mu) / sigma
    if W1 is not None:
        z = gelu(z @ W1.T + b1)
    return z @ W.T + b


@dataclass
class LinearHead:
    """Standardised inputs → (optional hidden layer) → logits → temperature-scaled softmax
    (multiclass) or sigmoids (multilabel).

    Without a hidden layer every sentence's share of a logit is exact; with one (W1, b1),
    a sentence's share is what it scores on its own.
    """

    task: str
    labels: tuple[str, ...]
    multilabel: bool
    W: np.ndarray  # (C, D)
    b: np.ndarray  # (C,)
    mu: np.ndarray  # (D,)
    sigma: np.ndarray  # (D,)
    temperature: float = 1.0
    thresholds: np.ndarray | None = None  # multilabel decision thresholds, one per label
    card: dict = field(default_factory=dict)
    W1: np.ndarray | None = None  # (H, D) hidden layer, when the head has one
    b1: np.ndarray | None = None
    lexical: LexicalModel | None = None  # an n-gram view blended into the probabilities

    @property
    def input_dim(self) -> int:
        return int((self.W1 if self.W1 is not None else self.W).shape[1])

    def logits(self, x: np.ndarray) -> np.ndarray:
        return dense_logits(x, self.mu, self.sigma, self.W, self.b, self.W1, self.b1)

    def proba(self, x: np.ndarray) -> np.ndarray:
        return self._squash(self.logits(x) / self.temperature)

    def _squash(self, z: np.ndarray) -> np.ndarray:
        return sigmoid(z) if self.multilabel else softmax(z)

    def _blend(self, p: np.ndarray, lexical_logits: np.ndarray) -> np.ndarray:
        return (1 - self.lexical.blend) * p + self.lexical.blend * self._squash(lexical_logits)

    def span_proba(self, embeddings: np.ndarray, cues: np.ndarray, texts: list[str]) -> np.ndarray:
        """Probabilities for a span of sentences: the embedding view, blended with the n-gram view of their words."""
        return self.spans_proba([(embeddings, cues, texts)])[0]

    def spans_proba(self, spans: list[tuple[np.ndarray, np.ndarray, list[str]]]) -> np.ndarray:
        """`span_proba` of several spans (a conversation's turns) through one matrix product, not one per span."""
        p = self.proba(np.stack([represent(e, c) for e, c, _ in spans]))
        if self.lexical is None:
            return p
        return self._blend(p, np.stack([self.lexical.logits(t) for _, _, t in spans]))

    def rows_proba(self, X: np.ndarray, lexical_rows=None) -> np.ndarray:
        """`span_proba` for many featurised rows at once (training and evaluation)."""
        p = self.proba(X)
        if self.lexical is None or lexical_rows is None:
            return p
        return self._blend(p, self.lexical.logits_rows(lexical_rows))

    def span_contributions(self, embeddings: np.ndarray, cues: np.ndarray, texts: list[str],
                           label_index: int) -> np.ndarray:
        """Each sentence's push towards a label in both views, weighted by the views' shares in the blend."""
        contrib = self.contributions(embeddings, cues, label_index)
        if self.lexical is None:
            return contrib
        lex = self.lexical.sentence_logits(texts)
        lex = lex[:, label_index] - (0 if self.multilabel else lex.mean(axis=1))
        return (1 - self.lexical.blend) * contrib + self.lexical.blend * lex

    def contributions(self, embeddings: np.ndarray, cues: np.ndarray, label_index: int) -> np.ndarray:
        """How much each sentence pushes the logit of one label above the others' average.

        Exact for the linear head: the span's logit is the mean of these plus a constant.
        """
        rows = np.concatenate([embeddings, cues], axis=1)
        if self.W1 is not None:
            z = self.logits(rows)
            return z[:, label_index] - (0 if self.multilabel else z.mean(axis=1))
        W = self.W if self.multilabel else self.W - self.W.mean(axis=0, keepdims=True)
        return (rows / self.sigma) @ W[label_index]

    def cue_contributions(self, cue_vector: np.ndarray, label_index: int) -> np.ndarray:
        """Per cue feature, its push towards one label (for naming the cues behind a choice)."""
        d = self.input_dim - len(FEATURES)
        if self.W1 is not None:  # the direction of the label's gradient at zero, a fair first-order reading
            W = (self.W @ self.W1 * 0.5)
        else:
            W = self.W
        if not self.multilabel:
            W = W - W.mean(axis=0, keepdims=True)
        return cue_vector / self.sigma[d:] * W[label_index, d:]

    # --- storage -------------------------------------------------------------------
    def save(self, path: Path, card: dict) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {"W": self.W, "b": self.b, "mu": self.mu, "sigma": self.sigma,
                  "temperature": np.array([self.temperature], dtype=np.float32)}
        if self.thresholds is not None:
            arrays["thresholds"] = self.thresholds
        if self.W1 is not None:
            arrays["W1"], arrays["b1"] = self.W1, self.b1
        arrays = {k: np.asarray(v, dtype=np.float32) for k, v in arrays.items()}
        if self.lexical is not None:
            arrays.update({k: (v if v.dtype.kind == "U" else v.astype(np.float32)) for k, v in self.lexical.arrays().items()})
        np.savez_compressed(path.with_suffix(".npz"), **arrays)
        card = {**card, "task": self.task, "labels": list(self.labels), "multilabel": self.multilabel,
                "dim": self.input_dim, "hidden": 0 if self.W1 is None else int(self.W1.shape[0]),
                "features": list(FEATURES),
                "lexical": None if self.lexical is None else {"terms": len(self.lexical.vocab.terms),
                                                               "blend": round(self.lexical.blend, 3),
                                                               "pool_max": self.lexical.pool_max}}
        path.with_suffix(CARD_SUFFIX).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.card = card

    @classmethod
    def load(cls, path: Path, task: str, encoder_dim: int) -> "LinearHead":
        card_path = path.with_suffix(CARD_SUFFIX)
        arrays_path = path.with_suffix(".npz")
        if not card_path.exists() or not arrays_path.exists():
            raise ModelCardError(
                f"no trained '{task}' head at {arrays_path} (+ {card_path.name}); train it with `talktrack train {task}`")
        card = json.loads(card_path.read_text(encoding="utf-8"))
        expected = list(label_registry.names(task))
        if card.get("labels") != expected:
            raise ModelCardError(
                f"the '{task}' head at {arrays_path} was trained for labels {card.get('labels')} but the label "
                f"registry (nlp/labels.py) defines {expected}; retrain it with `talktrack train {task}`")
        if card.get("features") != list(FEATURES):
            raise ModelCardError(
                f"the '{task}' head at {arrays_path} was trained with cue features {card.get('features')} but the code "
                f"extracts {list(FEATURES)}; retrain it with `talktrack train {task}`")
        with np.load(arrays_path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        first = arrays.get("W1", arrays["W"])
        if arrays["W"].shape[0] != len(expected) or first.shape[1] != encoder_dim + len(FEATURES):
            raise ModelCardError(
                f"the '{task}' head at {arrays_path} expects inputs of size {first.shape[1]}, but the encoder "
                f"gives {encoder_dim} + {len(FEATURES)} cue features; was it trained on another encoder?")
        return cls(task=task, labels=tuple(expected), multilabel=bool(card["multilabel"]), W=arrays["W"],
                   b=arrays["b"], mu=arrays["mu"], sigma=arrays["sigma"], temperature=float(arrays["temperature"][0]),
                   thresholds=arrays.get("thresholds"), card=card, W1=arrays.get("W1"), b1=arrays.get("b1"),
                   lexical=LexicalModel.from_arrays(arrays, bool(card["multilabel"])))

