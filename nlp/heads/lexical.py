"""A bag-of-n-grams view of the customer's words, blended with the embedding head.

The sentence encoder hears what a message means but blurs the exact words that mark a
style or an objection ("line-by-line", "预算", "run it by"); character n-grams keep them.
Chinese character n-grams need no segmenter; English gets words, word pairs and pieces of
words. The vocabulary, idf and weights are plain arrays.
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

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9']+")
_SPACE = re.compile(r"\s+")
_STANCE = "?!？！…"


def grams(text: str) -> Counter:
    """Counts of a sentence's n-grams: Chinese character 1–4-grams (no segmenter needed), English word
    uni- and bigrams with 3–5-character pieces of each word (so "pricey" meets "price"), and the
    punctuation that carries stance. Short Latin character grams ("ur", "s") were dropped: on our data
    they learnt spurious cues (the "our" in "our current supplier" pushed towards a product-fit objection)."""
    t = _SPACE.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()
    out: Counter = Counter()
    for run in _CJK.findall(t):
        for n in (1, 2, 3, 4):
            out.update(run[i:i + n] for i in range(len(run) - n + 1))
    words = _WORD.findall(t)
    out.update("w:" + w for w in words)
    out.update(f"w:{a} {b}" for a, b in zip(words, words[1:]))
    for w in words:
        padded = f" {w} "
        for n in (3, 4, 5):
            out.update(padded[i:i + n] for i in range(len(padded) - n + 1))
    out.update("p:" + c for c in t if c in _STANCE)
    return out


_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z']+|\d+|[^\s\w]")


def word_grams(text: str) -> Counter:
    """Counts of a sentence's word uni-, bi- and trigrams, Chinese segmented by jieba and every number
    one token. They keep the frame of a question whole ("what happens when", "会不会 觉得"), which
    character pieces cut across: a second view for a model that tells questions apart by their frame."""
    import jieba

    t = unicodedata.normalize("NFKC", text).lower()
    toks: list[str] = []
    for part in _TOKEN.findall(t):
        if _CJK.match(part):
            toks.extend(jieba.lcut(part))
        else:
            toks.append("<num>" if part[0].isdigit() else part)
    out: Counter = Counter()
    for n in (1, 2, 3):
        out.update("t:" + " ".join(toks[i:i + n]) for i in range(len(toks) - n + 1))
    return out


ANALYZERS = {"chars": grams, "words": word_grams}


@lru_cache(maxsize=4096)
def _gram_items(sentence: str, analyzer: str = "chars") -> tuple[tuple[str, int], ...]:
    # Every head's vocabulary reads the same sentences within one request.
    return tuple(ANALYZERS[analyzer](sentence).items())


@dataclass
class Vocabulary:
    """The n-grams a model knows, with their idf. A span of sentences is the sum of its sentences'
    n-gram counts (no n-grams across a sentence boundary), so each sentence is counted once per
    request however many heads and spans read it."""

    terms: list[str]
    idf: np.ndarray  # (V,)
    analyzer: str = "chars"  # a key of ANALYZERS: what a sentence's n-grams are

    def __post_init__(self) -> None:
        self.index = {t: i for i, t in enumerate(self.terms)}
        self._sentences: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    @classmethod
    def fit(cls, spans: Iterable[list[str]], max_terms: int = 60000, min_df: int = 2,
            analyzer: str = "chars") -> "Vocabulary":
        df: Counter = Counter()
        n = 0
        for sentences in spans:
            seen: set[str] = set()
            for t in sentences:
                seen.update(g for g, _ in _gram_items(t, analyzer))
            df.update(seen)
            n += 1
        kept = sorted((t for t, c in df.items() if c >= min_df), key=lambda t: (-df[t], t))[:max_terms]
        kept.sort()
        idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in kept], dtype=np.float32)
        return cls(kept, idf, analyzer)

    def _counts(self, sentence: str) -> tuple[np.ndarray, np.ndarray]:
        hit = self._sentences.get(sentence)
        if hit is None:
            pairs = sorted((self.index[g], c) for g, c in _gram_items(sentence, self.analyzer) if g in self.index)
            hit = (np.array([i for i, _ in pairs], dtype=np.int64), np.array([c for _, c in pairs], dtype=np.float32))
            if len(self._sentences) > 4096:  # a long-running server sees endless new sentences
                self._sentences.clear()
            self._sentences[sentence] = hit
        return hit

    def vector(self, sentences: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Sparse tf-idf of a span of sentences as (indices, l2-normalised values)."""
        parts = [self._counts(t) for t in sentences]
        if not parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        if len(parts) == 1:  # one sentence (most turns): its n-grams are distinct and sorted already
            uniq, c = parts[0]
        else:
            idx = np.concatenate([p[0] for p in parts])
            counts = np.concatenate([p[1] for p in parts])
            uniq, inverse = np.unique(idx, return_inverse=True)
            c = np.bincount(inverse, weights=counts).astype(np.float32)
        v = (1.0 + np.log(np.maximum(c, 1.0))) * self.idf[uniq]
        norm = float(np.sqrt((v * v).sum()))
        return uniq, (v / norm if norm else v)

    def matrix(self, spans: list[list[str]]):
        """A scipy CSR matrix of many spans (training only)."""
        from scipy.sparse import csr_matrix

        indptr, indices, data = [0], [], []
        for sentences in spans:
            i, v = self.vector(sentences)
            indices.append(i)
            data.append(v)
            indptr.append(indptr[-1] + len(i))
        self._sentences.clear()
        return csr_matrix((np.concatenate(data) if data else np.zeros(0, np.float32),
                           np.concatenate(indices) if indices else np.zeros(0, np.int64), indptr),
                          shape=(len(spans), len(self.terms)))


@dataclass
class Rows:
    """Many spans at once (training and evaluation): their tf-idf rows, and each sentence's own row."""

    spans: object  # CSR (n_spans, V)
    sentences: object  # CSR (n_sentences, V)
    starts: np.ndarray  # (n_spans + 1,) where each span's sentences begin in `sentences`

    @classmethod
    def of(cls, vocab: Vocabulary, spans: list[list[str]]) -> "Rows":
        starts = np.cumsum([0] + [len(s) for s in spans])
        return cls(vocab.matrix(spans), vocab.matrix([[t] for s in spans for t in s]), starts)


@dataclass
class LexicalModel:
    """Logistic weights over the vocabulary; its probabilities are blended with the embedding head's.

    With `pool_max`, a span's logits are the mean of the whole span's and its strongest sentence's, so
    one clear sentence ("your price is far too high") is not averaged away by the small talk around it.
    """

    vocab: Vocabulary
    W: np.ndarray  # (C, V)
    b: np.ndarray  # (C,)
    multilabel: bool
    blend: float  # share of the lexical probabilities in the blend (0..1), chosen on dev
    pool_max: bool = False  # chosen on dev

    def logits(self, sentences: list[str]) -> np.ndarray:
        idx, val = self.vocab.vector(sentences)
        span = self.W[:, idx] @ val + self.b
        return self._pooled(span, lambda: self.sentence_logits(sentences), len(sentences))

    def sentence_logits(self, sentences: list[str]) -> np.ndarray:
        """(n_sentences, C): each sentence read on its own (pooling and evidence)."""
        out = np.zeros((len(sentences), len(self.b)), dtype=np.float32)
        for k, t in enumerate(sentences):
            idx, val = self.vocab.vector([t])
            out[k] = self.W[:, idx] @ val + self.b
        return out

    def logits_rows(self, rows: Rows) -> np.ndarray:
        span = np.asarray(rows.spans @ self.W.T) + self.b
        if not self.pool_max:
            return span
        each = np.asarray(rows.sentences @ self.W.T) + self.b
        return np.stack([self._pooled(span[i], lambda i=i: each[rows.starts[i]:rows.starts[i + 1]],
                                      int(rows.starts[i + 1] - rows.starts[i])) for i in range(len(span))])

    def _pooled(self, span: np.ndarray, each, n_sentences: int) -> np.ndarray:
        """The span's logits, or with `pool_max` their mean with the strongest sentence's (`each()` is
        called only then)."""
        if not self.pool_max or n_sentences < 2:
            return span
        return (span + each().max(axis=0)) / 2

    def arrays(self) -> dict[str, np.ndarray]:
        return {"lex_terms": np.array(self.vocab.terms, dtype=str), "lex_idf": self.vocab.idf, "lex_W": self.W,
                "lex_b": self.b, "lex_blend": np.array([self.blend], dtype=np.float32),
                "lex_pool_max": np.array([float(self.pool_max)], dtype=np.float32)}

    @classmethod
    def from_arrays(cls, arrays: dict, multilabel: bool) -> "LexicalModel | None":
        if "lex_W" not in arrays:
            return None
        vocab = Vocabulary([str(t) for t in arrays["lex_terms"]], arrays["lex_idf"].astype(np.float32))
        return cls(vocab, arrays["lex_W"].astype(np.float32), arrays["lex_b"].astype(np.float32), multilabel,
                   float(arrays["lex_blend"][0]), bool(arrays.get("lex_pool_max", np.zeros(1))[0]))
