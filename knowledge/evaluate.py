"""Measuring recommendations on the labelled query set: Recall@3, MRR, and the reply language.

A recommendation fits a query when its kind is one the query expects and its tags hold
every expected tag. The set is split by pair (a query and its translation stay together)
into a tuning part and a test part; only the tuning part may choose weights.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

QUERIES_DIR = Path(__file__).parent / "queries"
SPLITS = QUERIES_DIR / "splits.json"


@dataclass
class QueryCase:
    id: str
    lang: str
    type: str
    text: str
    expected: dict[str, list[str]]
    pair: str | None = None


def load_queries(split: str | None = None) -> list[QueryCase]:
    rows = [json.loads(l) for path in sorted(QUERIES_DIR.glob("queries*.jsonl"))
            for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
    cases = [QueryCase(r["id"], r["lang"], r["type"], r["text"], r["expected"], r.get("pair")) for r in rows]
    if split is None:
        return cases
    ids = set(json.loads(SPLITS.read_text())[split])
    return [c for c in cases if c.id in ids]


def make_splits(cases: list[QueryCase], test_share: float = 0.4, seed: int = 7,
                keep: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Split by pair. Queries already in `keep` stay where they are; only new ones are shuffled in,
    so adding queries never moves a test query into tuning."""
    placed = {i for ids in (keep or {}).values() for i in ids}
    groups: dict[str, list[str]] = {}
    for c in cases:
        if c.id in placed:
            continue
        key = min(c.id, c.pair) if c.pair else c.id
        groups.setdefault(key, []).append(c.id)
    keys = sorted(groups)
    random.Random(seed).shuffle(keys)
    n_test = round(len(keys) * test_share)
    old = keep or {"tune": [], "test": []}
    return {"tune": sorted([*old["tune"], *(i for k in keys[n_test:] for i in groups[k])]),
            "test": sorted([*old["test"], *(i for k in keys[:n_test] for i in groups[k])])}


def fits(rec: dict, expected: dict[str, list[str]]) -> bool:
    if "kinds" in expected and rec["kind"] not in expected["kinds"]:
        return False
    return all(set(v) <= set(rec["tags"].get(dim, [])) for dim, v in expected.items() if dim != "kinds")


@dataclass
class RetrievalReport:
    n: int
    recall_at_3: float
    mrr: float
    language_ok: float
    misses: list[dict]

    def to_dict(self) -> dict:
        return self.__dict__.copy()


def evaluate(cases: list[QueryCase], recommend: Callable[[QueryCase], tuple[list[dict], str]]) -> RetrievalReport:
    """`recommend(case)` returns (recommendations, language they are written in)."""
    hits3 = rr = lang_ok = 0.0
    misses = []
    for c in cases:
        recs, lang = recommend(c)
        ranks = [i for i, r in enumerate(recs) if fits(r, c.expected)]
        first = ranks[0] + 1 if ranks else None
        hits3 += bool(first and first <= 3)
        rr += 1 / first if first else 0.0
        lang_ok += lang == c.lang
        if not first or first > 3:
            misses.append({"id": c.id, "text": c.text[:80], "expected": c.expected, "got": [r["id"] for r in recs[:3]]})
    n = len(cases) or 1
    return RetrievalReport(len(cases), round(hits3 / n, 4), round(rr / n, 4), round(lang_ok / n, 4), misses)
