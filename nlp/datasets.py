"""Labelled data for training and measuring: our own corpora and the public sets.

Public sets are mapped onto our label registry here and nowhere else. Research-only
sets (SMP2020-EWECT, EmpatheticDialogues) are read for measuring only: `TRAINABLE`
says which sources may train shipped weights.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import random
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
REPO_ROOT = Path(__file__).resolve().parent.parent


def shared_data_dir() -> Path:
    return Path(os.environ.get("TALKTRACK_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))


@dataclass
class Example:
    id: str
    text: str
    labels: list[str]  # one label for single-label tasks, zero or more for objections
    lang: str = "en"
    kind: str = "quote"
    source: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.labels[0]


class DataError(ValueError):
    pass


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}:{n}: not valid JSON ({exc.msg})") from None
    return rows


# --- our own corpora ------------------------------------------------------------------
CORPORA = {
    # task: (folder, glob, field holding the label(s))
    "style": ("style", "*.jsonl", "label"),
    "objection": ("objection", "*.jsonl", "labels"),
    "emotion": ("emotion", "cs_*.jsonl", "label"),
    # Chinese social-media posts written by us: everyday feelings outside customer service (Weibo-style
    # joy, grief, fear), which customers' own chat messages also carry.
    "social": ("social", "*.jsonl", "label"),
    "skills": ("skills", "*.jsonl", "skills"),  # labels are per-skill, kept in extra["skills"]
}
SPLIT_SHARES = {"train": 0.7, "dev": 0.15, "test": 0.15}


def load_corpus(task: str) -> list[Example]:
    folder, pattern, key = CORPORA[task]
    out = []
    for path in sorted((DATA_DIR / folder).glob(pattern)):
        for row in read_jsonl(path):
            value = row[key]
            labels = list(value) if isinstance(value, list) else [value] if isinstance(value, str) else []
            extra = {k: v for k, v in row.items() if k not in ("id", "text", "lang", "kind")}
            out.append(Example(row["id"], row["text"], labels, row.get("lang", "en"), row.get("kind", "quote"),
                               f"talktrack-{task}", extra))
    return out


def split_path(task: str) -> Path:
    return DATA_DIR / CORPORA[task][0] / "splits.json"


def make_splits(examples: list[Example], seed: int = 13) -> dict[str, list[str]]:
    """Stratified by language and first label, so every split has every style in both languages."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for ex in examples:
        groups[(ex.lang, ex.labels[0] if ex.labels else "none")].append(ex.id)
    rng = random.Random(seed)
    splits: dict[str, list[str]] = {name: [] for name in SPLIT_SHARES}
    for key in sorted(groups):
        ids = sorted(groups[key])
        rng.shuffle(ids)
        n_dev = round(len(ids) * SPLIT_SHARES["dev"])
        n_test = round(len(ids) * SPLIT_SHARES["test"])
        splits["test"] += ids[:n_test]
        splits["dev"] += ids[n_test:n_test + n_dev]
        splits["train"] += ids[n_test + n_dev:]
    return {k: sorted(v) for k, v in splits.items()}


def corpus_splits(task: str) -> dict[str, list[Example]]:
    """Train/dev/test of one of our corpora, by the committed split file.

    An example added after the split was made goes to a split by a hash of its id, so
    adding data never moves an old example between splits.
    """
    examples = load_corpus(task)
    path = split_path(task)
    if not path.exists():
        raise DataError(f"{path} is missing; create it once with `talktrack data split {task}`")
    assigned = {i: name for name, ids in json.loads(path.read_text()).items() for i in ids}
    out: dict[str, list[Example]] = {name: [] for name in SPLIT_SHARES}
    for ex in examples:
        name = assigned.get(ex.id)
        if name is None:
            h = int(hashlib.sha1(ex.id.encode()).hexdigest(), 16) % 100 / 100
            name = "train" if h < SPLIT_SHARES["train"] else "dev" if h < 0.85 else "test"
        out[name].append(ex)
    return out


# --- public sets ----------------------------------------------------------------------
# GoEmotions → our eight labels, as ../shared/data/goemotions suggests.
GOEMOTIONS_MAP = {
    "anger": "anger", "annoyance": "frustration", "disapproval": "frustration",
    "nervousness": "anxiety", "fear": "anxiety",
    "confusion": "confusion",
    "disappointment": "disappointment", "sadness": "disappointment",
    "gratitude": "satisfaction", "approval": "satisfaction", "admiration": "satisfaction", "relief": "satisfaction",
    "joy": "satisfaction",
    "excitement": "excitement", "amusement": "excitement", "optimism": "excitement", "desire": "excitement",
    "neutral": "neutral",
}
# The six coarse groups GoEmotions is measured on.
COARSE_GROUPS = {
    "anger": "anger+frustration", "frustration": "anger+frustration", "anxiety": "anxiety",
    "disappointment": "disappointment", "satisfaction": "satisfaction+excitement",
    "excitement": "satisfaction+excitement", "confusion": "confusion", "neutral": "neutral",
}
CPED_MAP = {
    "anger": "anger", "disgust": "frustration", "negative-other": "frustration",
    "fear": "anxiety", "worried": "anxiety",
    "sadness": "disappointment", "depress": "disappointment",
    "happy": "excitement", "grateful": "satisfaction", "relaxed": "satisfaction", "positive-other": "satisfaction",
    "neutral": "neutral",
}
SMP_GROUPS = {  # our label → SMP2020-EWECT group
    "anger": "angry", "frustration": "angry", "anxiety": "fear", "disappointment": "sad",
    "satisfaction": "happy", "excitement": "happy", "neutral": "neutral", "confusion": "neutral",
}
EMPATHETIC_MAP = {
    "angry": "anger", "furious": "anger", "annoyed": "frustration", "disgusted": "frustration",
    "anxious": "anxiety", "afraid": "anxiety", "terrified": "anxiety", "apprehensive": "anxiety",
    "disappointed": "disappointment", "sad": "disappointment", "devastated": "disappointment",
    "grateful": "satisfaction", "content": "satisfaction", "joyful": "satisfaction", "impressed": "satisfaction",
    "excited": "excitement", "anticipating": "excitement", "hopeful": "excitement",
}

TRAINABLE = {"talktrack-style", "talktrack-objection", "talktrack-emotion", "talktrack-social", "goemotions", "cped"}


def _need(path: Path) -> Path:
    if not path.exists():
        raise DataError(f"{path} not found: set TALKTRACK_SHARED_DATA to the folder holding the public data sets")
    return path


def load_goemotions(split: str) -> list[Example]:
    """Comments whose GoEmotions labels all map to one of our labels (ambiguous ones are left out)."""
    base = shared_data_dir() / "goemotions"
    names = _need(base / "labels.txt").read_text().split()
    out = []
    with open(_need(base / f"{split}.tsv"), encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            text, ids, cid = row[0], row[1], row[2]
            mapped = {GOEMOTIONS_MAP.get(names[int(i)]) for i in ids.split(",")}
            if len(mapped) == 1 and None not in mapped:
                out.append(Example(f"goemo-{cid}", text, [mapped.pop()], "en", "quote", "goemotions"))
    return out


def load_cped() -> dict[str, list[Example]]:
    """CPED utterances, split into train/dev by dialogue so no dialogue straddles both."""
    path = _need(shared_data_dir() / "cped" / "valid_split.csv")
    out: dict[str, list[Example]] = {"train": [], "dev": []}
    with open(path, encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            label = CPED_MAP.get(row["Emotion"])
            text = row["Utterance"].strip()
            if label is None or not text:
                continue
            h = int(hashlib.sha1(row["Dialogue_ID"].encode()).hexdigest(), 16) % 10
            out["dev" if h < 2 else "train"].append(
                Example(f"cped-{row['Utterance_ID']}", text, [label], "zh", "quote", "cped"))
    return out


def load_smp2020(which: str = "usual") -> list[Example]:
    """SMP2020-EWECT eval (research use: measure only). Labels stay in SMP's own groups."""
    rows = json.loads(_need(shared_data_dir() / "smp2020_ewect" / f"{which}_eval_labeled.json").read_text(encoding="utf-8"))
    return [Example(f"smp-{which}-{r['id']}", r["content"], [r["label"]], "zh", "quote", "smp2020")
            for r in rows if r["label"] != "surprise"]


def load_empathetic() -> list[Example]:
    """EmpatheticDialogues dev (CC BY-NC: measure only): the speaker's opening turn, mapped labels only."""
    out, seen = [], set()
    for n, row in enumerate(read_jsonl(_need(shared_data_dir() / "empathetic_dialogues" / "dev_context_emotion.jsonl"))):
        label = EMPATHETIC_MAP.get(row["emotion"])
        first = row["context"][0]
        if label is None or first in seen:
            continue
        seen.add(first)
        out.append(Example(f"ed-{n}", first, [label], "en", "quote", "empathetic_dialogues"))
    return out
