"""A bag-of-n-grams view of the customer's words, blended with the embedding head.

The sentence encoder hears what a message means but blurs the exact words that mark a
style or an objection ("line-by-line", "预算", "run it by"); character n-grams keep them.
Character n-grams need no segmenter, so English and Chinese go through the same code,
and word n-grams add English phrases. The vocabulary, idf and weights are plain arrays.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

import numpy as np

CHAR_N = (1, 2, 3, 4)
_WORD = re.compile(r"[a-z0-9']+")
_SPACE = re.compile(r"\s+")


def grams(text: str) -> Counter:
    """Counts of the text's character 1–4-grams and its English word uni- and bigrams."""
    t = _SPACE.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()
    out: Counter = Counter()
    padded = f" {t} "
    for n in CHAR_N:
        out.update(padded[i:i + n] for i in range(len(padded) - n + 1))
    words = _WORD.findall(t)
    out.update("w:" + w for w in words)
    out.update(f"w:{a} {b}" for a, b in zip(words, words[1:]))
    return out


@lru_cache(maxsize=1024)
def _gram_items(text: str) -> tuple[tuple[str, int], ...]:
    # Style, objection and the per-turn emotion read the same words within one request.
    return tuple(grams(text).items())


@dataclass
class Vocabulary:
    terms: list[str]
    idf: np.ndarray  # (V,)

    def __post_init__(self) -> None:
        self.index = {t: i for i, t in enumerate(self.terms)}

    @classmethod
    def fit(cls, texts: Iterable[str], max_terms: int = 60000, min_df: int = 2) -> "Vocabulary":
        df: Counter = Counter()
        n = 0
        for t in texts:
            df.update(grams(t).keys())
            n += 1
        kept = sorted((t for t, c in df.items() if c >= min_df), key=lambda t: (-df[t], t))[:max_terms]
        kept.sort()
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in kept], dtype=np.float32)
        return cls(kept, idf)

    def vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Sparse tf-idf of one text as (indices, l2-normalised values)."""
        idx, val = [], []
        for g, c in _gram_items(text):
            i = self.index.get(g)
            if i is not None:
                idx.append(i)
                val.append((1.0 + math.log(c)) * self.idf[i])
        v = np.asarray(val, dtype=np.float32)
        norm = float(np.sqrt((v * v).sum())) if len(v) else 0.0
        return np.asarray(idx, dtype=np.int64), (v / norm if norm else v)

    def matrix(self, texts: list[str]):
        """A scipy CSR matrix of many texts (training only)."""
        from scipy.sparse import csr_matrix

        indptr, indices, data = [0], [], []
        for t in texts:
            i, v = self.vector(t)
            indices.extend(i.tolist())
            data.extend(v.tolist())
            indptr.append(len(indices))
        return csr_matrix((np.asarray(data, dtype=np.float32), np.asarray(indices, dtype=np.int64), indptr),
                          shape=(len(texts), len(self.terms)))


@dataclass
class LexicalModel:
    """Logistic weights over the vocabulary; its probabilities are blended with the embedding head's."""

    vocab: Vocabulary
    W: np.ndarray  # (C, V)
    b: np.ndarray  # (C,)
    multilabel: bool
    blend: float  # share of the lexical probabilities in the blend (0..1), chosen on dev

    def logits(self, text: str) -> np.ndarray:
        idx, val = self.vocab.vector(text)
        return self.W[:, idx] @ val + self.b

    def logits_many(self, X) -> np.ndarray:
        return np.asarray(X @ self.W.T) + self.b

    def arrays(self) -> dict[str, np.ndarray]:
        return {"lex_terms": np.array(self.vocab.terms, dtype=str), "lex_idf": self.vocab.idf, "lex_W": self.W,
                "lex_b": self.b, "lex_blend": np.array([self.blend], dtype=np.float32)}

    @classmethod
    def from_arrays(cls, arrays: dict, multilabel: bool) -> "LexicalModel | None":
        if "lex_W" not in arrays:
            return None
        vocab = Vocabulary([str(t) for t in arrays["lex_terms"]], arrays["lex_idf"].astype(np.float32))
        return cls(vocab, arrays["lex_W"].astype(np.float32), arrays["lex_b"].astype(np.float32), multilabel,
                   float(arrays["lex_blend"][0]))
