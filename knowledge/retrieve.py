"""Ranking knowledge entries for a query: tag fit, BM25 over the text and embedding similarity.

The three scores are combined with weights tuned on the labelled query set
(`knowledge/queries/`, tuning split only), and near-duplicates are kept out of the top 3.
"""
from __future__ import annotations

import copy
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from knowledge.schemas import Entry
from knowledge.vocab import LANGS

EmbedFn = Callable[[list[str]], np.ndarray]

# Tuned on the query set's tuning split (see `talktrack kb tune`); kept here so a reader sees them.
WEIGHTS = {"tags": 1.0, "bm25": 0.35, "embedding": 1.0, "slots": 0.3}
# How much a match on each tag dimension counts, and what a generic entry (no tags there) gets. The
# dimension weights were last set by `talktrack kb tune --dimensions` at stop 21 (tune Recall@3 0.780 ->
# 0.791, MRR 0.696 -> 0.702): a style or a feeling the rep named now outweighs a technique every
# objection script shares.
DIMENSION_WEIGHT = {"objections": 1.2, "techniques": 0.7, "kinds": 1.0, "emotions": 1.26, "styles": 0.98,
                    "segments": 0.8, "stages": 0.3}
GENERIC_CREDIT = 0.35
MISMATCH_PENALTY = -0.6
NEAR_DUPLICATE = 0.9

_EN_STOP = set("""a an the and or but of to in on for with at by from is are was were be been it this that these those
i you he she they we me my your his her our their do does did how what which who when where why can could should
would will shall may might just so if then than as about into over under up down out not no yes please""".split())


_ZH_STOP = set("的 了 吗 呢 吧 啊 我 你 他 她 它 们 是 在 有 和 就 都 也 很 这 那 个 一 要 会 说 对 把 给 让 被 着 过 么 什么 怎么 一下 一个".split())


def tokenize(text: str, lang: str) -> list[str]:
    if lang == "zh":
        import jieba

        toks = (t.strip().lower() for t in jieba.lcut_for_search(text))
        return [t for t in toks if t and re.search(r"\w", t) and t not in _ZH_STOP]
    return [t for t in re.findall(r"[a-z0-9']+", text.lower()) if t not in _EN_STOP and len(t) > 1]


class BM25:
    def __init__(self, docs: list[list[str]], k1: float = 1.4, b: float = 0.75) -> None:
        self.docs = [Counter(d) for d in docs]
        self.lens = np.array([len(d) for d in docs], dtype=float)
        self.avg = float(self.lens.mean()) if len(docs) else 1.0
        df = Counter(t for d in docs for t in set(d))
        n = len(docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.k1, self.b = k1, b

    def scores(self, query: list[str]) -> np.ndarray:
        out = np.zeros(len(self.docs))
        for t in set(query):
            idf = self.idf.get(t)
            if idf is None:
                continue
            for i, d in enumerate(self.docs):
                tf = d.get(t)
                if tf:
                    out[i] += idf * tf * (self.k1 + 1) / (tf + self.k1 * (1 - self.b + self.b * self.lens[i] / self.avg))
        return out


@dataclass
class Query:
    text: str = ""
    lang: str = "en"
    styles: list[str] = field(default_factory=list)
    emotions: list[str] = field(default_factory=list)
    objections: list[str] = field(default_factory=list)
    techniques: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    segments: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    slots: list[str] = field(default_factory=list)  # context the rep gave; entries that can use it rank higher
    tentative: bool = False  # its objections scored just under their thresholds: a possibility, not a finding
    # For a style or feeling read from the customer's words rather than named by the rep: how likely
    # each other value is, relative to the one asked for (by dimension, e.g. {"styles": {"analytical": 0.8}}).
    odds: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass
class Hit:
    entry: Entry
    score: float
    parts: dict[str, float]


class Retriever:
    def __init__(self, entries: list[Entry], embed: EmbedFn | None = None,
                 weights: dict[str, float] | None = None) -> None:
        self.entries = entries
        self.position = {e.id: i for i, e in enumerate(entries)}
        self.embed = embed
        self.weights = dict(weights or WEIGHTS)
        # Each entry's tags as sets, built once: scoring runs over every entry on every search.
        self._tag_sets = [{dim: frozenset([e.kind] if dim == "kinds" else e.tags.values(dim)) for dim in DIMENSION_WEIGHT}
                          for e in entries]
        self.bm25 = {lang: BM25([tokenize(e.text(lang), lang) for e in entries]) for lang in LANGS}
        self.vectors = self._embed(entries, embed)

    def with_encoder(self, embed: EmbedFn) -> "Retriever":
        """The same index with the entries' embeddings added; the BM25 index and tags are reused, since
        segmenting every Chinese entry again was a second of start-up."""
        out = copy.copy(self)
        out.embed, out.vectors = embed, self._embed(self.entries, embed)
        return out

    @staticmethod
    def _embed(entries: list[Entry], embed: EmbedFn | None) -> dict[str, np.ndarray]:
        if embed is None or not entries:
            return {}
        vectors = {lang: embed([_embedding_text(e, lang) for e in entries]) for lang in LANGS}
        # The multilingual encoder puts a question and its translation close together; comparing
        # queries with both languages of an entry keeps zh and en rankings the same.
        both = vectors["en"] + vectors["zh"]
        vectors["both"] = both / np.linalg.norm(both, axis=1, keepdims=True)
        return vectors

    # --- the three signals -------------------------------------------------------------
    def tag_scores(self, q: Query) -> np.ndarray:
        wanted = {dim: set(getattr(q, dim)) for dim in DIMENSION_WEIGHT if getattr(q, dim)}
        out = np.zeros(len(self.entries))
        for i, have_by_dim in enumerate(self._tag_sets):
            s = 0.0
            for dim, want in wanted.items():
                have = have_by_dim[dim]
                common = len(want & have)
                if have and not common and dim in q.odds:
                    # A value the reader found nearly as likely as its pick is not a plain mismatch.
                    r = max(q.odds[dim].get(v, 0.0) for v in have)
                    s += DIMENSION_WEIGHT[dim] * (r + (1 - r) * MISMATCH_PENALTY)
                elif common:
                    s += DIMENSION_WEIGHT[dim] * common / len(want)
                elif not have:
                    s += DIMENSION_WEIGHT[dim] * GENERIC_CREDIT
                else:
                    s += DIMENSION_WEIGHT[dim] * MISMATCH_PENALTY
            out[i] = s
        return out

    def slot_scores(self, q: Query) -> np.ndarray:
        """Share of the rep's context (industry, feature, competitor…) an entry's template can use."""
        if not q.slots:
            return np.zeros(len(self.entries))
        wanted = set(q.slots)
        return np.array([len(wanted & set(e.variables)) / len(wanted) for e in self.entries])

    def text_scores(self, q: Query) -> np.ndarray:
        raw = self.bm25[q.lang].scores(tokenize(q.text, q.lang)) if q.text else np.zeros(len(self.entries))
        top = raw.max() if len(raw) else 0.0
        return raw / top if top > 0 else raw

    def embedding_scores(self, q: Query, query_vector: np.ndarray | None) -> np.ndarray:
        if query_vector is None or "both" not in self.vectors:
            return np.zeros(len(self.entries))
        return self.vectors["both"] @ query_vector

    # --- ranking -------------------------------------------------------------------------
    def search(self, q: Query, k: int = 5, query_vector: np.ndarray | None = None,
               exclude: set[str] | None = None) -> list[Hit]:
        if not self.entries:
            return []
        if query_vector is None and self.embed is not None and q.text:
            query_vector = self.embed([q.text])[0]
        parts = {"tags": self.tag_scores(q), "bm25": self.text_scores(q),
                 "embedding": self.embedding_scores(q, query_vector), "slots": self.slot_scores(q)}
        total = sum(self.weights[name] * values for name, values in parts.items())
        order = np.argsort(-total)
        hits: list[Hit] = []
        for i in order:
            e = self.entries[int(i)]
            if exclude and e.id in exclude:
                continue
            if len(hits) < 3 and any(self._near_duplicate(e, h.entry, q.lang) for h in hits):
                continue
            hits.append(Hit(e, float(total[i]), {n: round(float(v[i]), 4) for n, v in parts.items()}))
            if len(hits) == k:
                break
        return hits

    def _near_duplicate(self, a: Entry, b: Entry, lang: str) -> bool:
        if lang not in self.vectors:
            return a.template is not None and b.template is not None and a.template.get(lang) == b.template.get(lang)
        ia, ib = self.position[a.id], self.position[b.id]
        return float(self.vectors[lang][ia] @ self.vectors[lang][ib]) >= NEAR_DUPLICATE


def _embedding_text(e: Entry, lang: str) -> str:
    parts = [e.title.get(lang)]
    if e.when_to_use is not None:
        parts.append(e.when_to_use.get(lang))
    return " ".join(parts)
