"""The loaded knowledge base: entries, their search index, and reloading without a restart."""
from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from knowledge.loader import CONTENT_DIR, KnowledgeError, load
from knowledge.retrieve import EmbedFn, Hit, Query, Retriever
from knowledge.roleplay import Scenario
from knowledge.schemas import Entry


class KnowledgeBase:
    def __init__(self, extra_dirs: list[Path] | None = None, embed: EmbedFn | None = None) -> None:
        self.dirs = [CONTENT_DIR, *(extra_dirs or [])]
        self.embed = embed
        self._lock = threading.Lock()
        self.entries: dict[str, Entry] = {}
        self.scenarios: dict[str, Scenario] = {}
        self.origin: dict[str, str] = {}
        self.retriever = Retriever([], embed)
        self.reload()

    def reload(self) -> int:
        """Load every folder again; on any problem keep serving the old content and raise."""
        result = load(self.dirs)
        if result.problems:
            raise KnowledgeError(result.problems)
        retriever = Retriever(list(result.entries.values()), self.embed)
        with self._lock:
            self.entries, self.scenarios, self.origin, self.retriever = (result.entries, result.scenarios,
                                                                         result.origin, retriever)
        return len(self.entries)

    def use_encoder(self, embed: EmbedFn) -> None:
        """Rank with entry embeddings from now on, reusing the entries already parsed and validated and
        their search index: reading the folders again doubled the knowledge base's share of start-up."""
        self.embed = embed  # set first, so a reload racing this call already embeds
        with self._lock:
            entries, retriever = self.entries, self.retriever
        retriever = retriever.with_encoder(embed)
        with self._lock:
            if self.entries is entries:  # otherwise a reload in between built its own, with embed
                self.retriever = retriever

    def get(self, entry_id: str) -> Entry | None:
        return self.entries.get(entry_id)

    def search(self, query: Query, k: int = 5, exclude: set[str] | None = None,
               query_vector: np.ndarray | None = None) -> list[Hit]:
        return self.retriever.search(query, k, query_vector=query_vector, exclude=exclude)

    def filter(self, *, kind: str | None = None, **tags: str | None) -> list[Entry]:
        out = []
        for e in self.entries.values():
            if kind and e.kind != kind:
                continue
            if any(value and value not in e.tags.values(dim) for dim, value in tags.items()):
                continue
            out.append(e)
        return out
