"""The one path from pasted text to an Analysis: parse, encode once, run every head."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nlp import lang as langs
from nlp.encoders import Encoder, load_encoder
from nlp.features import CueExtractor
from nlp.heads import BUILTIN_HEADS, HEADS, Head, HeadInput, load_builtins
from nlp.heads.base import LinearHead
from nlp.transcript import parse
from nlp.types import Analysis, ParsedText, Sentence

MODELS_DIR = Path(__file__).parent / "models"
ENCODE_BATCH = 256


@dataclass
class Featurized:
    parsed: ParsedText
    inp: HeadInput


class Pipeline:
    def __init__(self, encoder: Encoder, cues: CueExtractor, heads: dict[str, Head]) -> None:
        self.encoder = encoder
        self.cues = cues
        self.heads = heads

    @classmethod
    def load(cls, encoder: str = "use", models_dir: Path | None = None, threads: int = 2,
             heads: tuple[str, ...] = BUILTIN_HEADS) -> "Pipeline":
        load_builtins()
        enc = load_encoder(encoder, threads=threads)
        folder = (models_dir or MODELS_DIR) / enc.name
        loaded = {name: HEADS[name](LinearHead.load(folder / name, name, enc.dim)) for name in heads}
        return cls(enc, CueExtractor(), loaded)

    @property
    def model_versions(self) -> dict[str, str]:
        return {"encoder": self.encoder.name, **{name: h.version for name, h in self.heads.items()}}

    # --- featurising, shared by analysis and training ---------------------------------
    @staticmethod
    def sentences_of(parsed: ParsedText) -> list[Sentence]:
        out = []
        for seg in parsed.about_customer():
            for text in langs.split_sentences(seg.text):
                out.append(Sentence(seg.index, text, seg.lang))
        return out

    def featurize_many(self, texts: list[str], lang: str = "auto") -> list[Featurized]:
        """Parse and encode texts with the encoder called in large batches (one per request, few for training)."""
        parsed = [parse(t, lang) for t in texts]
        sentences = [self.sentences_of(p) for p in parsed]
        flat = [s for group in sentences for s in group]
        embeddings = np.concatenate(
            [self.encoder.encode([s.text for s in flat[i:i + ENCODE_BATCH]]) for i in range(0, len(flat), ENCODE_BATCH)]
        ) if flat else np.zeros((0, self.encoder.dim), dtype=np.float32)
        cues = self.cues.extract([(s.text, s.lang) for s in flat])
        out, start = [], 0
        for p, group in zip(parsed, sentences):
            end = start + len(group)
            out.append(Featurized(p, HeadInput(p, group, embeddings[start:end], cues[start:end])))
            start = end
        return out

    def featurize(self, text: str, lang: str = "auto") -> Featurized:
        """One request's text: all its sentences go to the encoder in one batch."""
        return self.featurize_many([text], lang)[0]

    # --- analysis --------------------------------------------------------------------
    def analyze(self, text: str, lang: str = "auto") -> Analysis:
        started = time.perf_counter()
        f = self.featurize(text, lang)
        segs = f.parsed.segments
        language = langs.overall([(s.lang, len(s.text)) for s in segs])
        objections, objection_scores = self.heads["objection"].read(f.inp)
        result = Analysis(
            language=language,  # type: ignore[arg-type]
            input_kind=f.parsed.input_kind,
            segments=segs,
            speakers=f.parsed.speakers,
            style=self.heads["style"].predict(f.inp),
            emotion=self.heads["emotion"].predict(f.inp),
            objections=objections,
            timing_ms=0.0,
            model_versions=self.model_versions,
            objection_scores=objection_scores,
        )
        result.timing_ms = round((time.perf_counter() - started) * 1000, 2)
        return result
