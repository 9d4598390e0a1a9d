from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query

from knowledge.loader import KnowledgeError
from knowledge.retrieve import Query as KBQuery
from knowledge.schemas import Entry
from knowledge.vocab import KINDS, TAG_VOCAB
from server.deps import KnowledgeDep
from server.errors import AppError, NotFound

RELATED = 0.4  # cosine similarity at which an entry counts as about the query

router = APIRouter(prefix="/api/v1/knowledge", tags=["knowledge"])


def _check(name: str, value: str | None, allowed: tuple[str, ...]) -> None:
    if value is not None and value not in allowed:
        raise AppError(422, "validation_error", f"unknown {name} {value!r}; choose one of: {', '.join(allowed)}",
                       {"parameter": name, "allowed": list(allowed)})


def entry_out(e: Entry, lang: str | None, origin: str | None = None) -> dict:
    d = e.model_dump(mode="json", exclude_none=True)
    if lang:
        for key in ("title", "body", "template", "when_to_use"):
            if key in d:
                d[key] = d[key][lang]
        d["variables"] = {k: v[lang] for k, v in d.get("variables", {}).items()}
    if origin:
        d["origin"] = origin
    return d


@router.get("")
def search(kb: KnowledgeDep, q: str | None = Query(None, max_length=500), kind: str | None = None,
           style: str | None = None, objection: str | None = None, emotion: str | None = None,
           technique: str | None = None, lang: Literal["en", "zh"] | None = None,
           limit: int = Query(50, ge=1, le=500)):
    """Search (q, ranked) and filter entries by kind and tags; `lang` returns one language only."""
    _check("kind", kind, KINDS)
    for name, value, dim in (("style", style, "styles"), ("objection", objection, "objections"),
                             ("emotion", emotion, "emotions"), ("technique", technique, "techniques")):
        _check(name, value, TAG_VOCAB[dim])
    allowed = kb.filter(kind=kind, styles=style, objections=objection, emotions=emotion, techniques=technique)
    if q and q.strip():
        from nlp.lang import detect

        ids = {e.id for e in allowed}
        query = KBQuery(q, lang or detect(q))
        # Only entries that share a word with the query or are close to it in meaning are matches.
        hits = [h for h in kb.search(query, k=len(kb.entries)) if h.entry.id in ids]
        allowed = [h.entry for h in hits if h.parts["bm25"] > 0 or h.parts["embedding"] >= RELATED][:limit]
    else:
        allowed = sorted(allowed, key=lambda e: (e.kind, e.id))[:limit]
    return {"total": len(allowed), "entries": [entry_out(e, lang) for e in allowed]}


@router.get("/{entry_id}")
def get_entry(entry_id: str, kb: KnowledgeDep, lang: Literal["en", "zh"] | None = None):
    e = kb.get(entry_id)
    if e is None:
        raise NotFound("knowledge_entry", entry_id)
    return entry_out(e, lang, kb.origin.get(entry_id))


@router.post("/reload")
def reload(kb: KnowledgeDep):
    """Load the content folders again (ours and the organisation's) without a restart."""
    try:
        n = kb.reload()
    except KnowledgeError as exc:
        raise AppError(422, "invalid_knowledge", "The knowledge base was not reloaded; the old content is still served.",
                       [str(p) for p in exc.problems]) from None
    return {"status": "reloaded", "entries": n}
