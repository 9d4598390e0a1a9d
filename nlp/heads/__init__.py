"""The classifier heads, registered by name.

Each head names the task (label set from nlp.labels) it predicts and turns the
featurised customer text into a typed result. Built-ins are listed in BUILTIN_HEADS;
`register` adds another without touching the pipeline.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from nlp.features import SentenceCues
from nlp.heads.base import LinearHead
from nlp.types import ParsedText, Sentence


@dataclass
class HeadInput:
    """The customer's words, encoded once and shared by every head."""

    parsed: ParsedText
    sentences: list[Sentence]
    embeddings: np.ndarray  # (n_sentences, dim)
    cues: list[SentenceCues]

    @property
    def texts(self) -> list[str]:
        return [s.text for s in self.sentences]

    @property
    def cue_matrix(self) -> np.ndarray:
        from nlp.features import FEATURES

        if not self.cues:
            return np.zeros((0, len(FEATURES)), dtype=np.float32)
        return np.stack([c.vector for c in self.cues])

    def rows_of(self, segment: int) -> np.ndarray:
        return np.array([i for i, s in enumerate(self.sentences) if s.segment == segment], dtype=int)


class Head:
    task: str = ""

    def __init__(self, linear: LinearHead) -> None:
        self.linear = linear

    @property
    def version(self) -> str:
        return str(self.linear.card.get("version", "unversioned"))

    def predict(self, inp: HeadInput) -> Any:  # pragma: no cover - interface
        raise NotImplementedError


HEADS: dict[str, type[Head]] = {}


def register(name: str) -> Callable[[type[Head]], type[Head]]:
    def wrap(cls: type[Head]) -> type[Head]:
        cls.task = name
        HEADS[name] = cls
        return cls
    return wrap


BUILTIN_HEADS = ("style", "emotion", "objection")


def load_builtins() -> None:
    """Import the built-in heads so they register themselves."""
    from nlp.heads import emotion, objection, style  # noqa: F401
