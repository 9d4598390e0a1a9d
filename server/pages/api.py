"""JSON the pages need beyond the domain APIs: a knowledge entry rendered for a conversation."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query

from knowledge.render import render, slot_values
from server.coach.models import Conversation
from server.deps import KnowledgeDep, SessionDep
from server.errors import NotFound

router = APIRouter(prefix="/api/v1/knowledge", tags=["knowledge"])


@router.get("/{entry_id}/render")
def render_entry(entry_id: str, kb: KnowledgeDep, db: SessionDep, lang: Literal["en", "zh"] = "en",
                 conversation_id: str | None = Query(None, min_length=1, max_length=64)):
    """The entry's talk track in `lang`, filled with the slots the conversation has gathered
    (customer name, product, competitor...), or with the entry's default phrases without one."""
    entry = kb.get(entry_id)
    if entry is None:
        raise NotFound("knowledge_entry", entry_id)
    slots: dict[str, str] = {}
    if conversation_id is not None:
        conv = db.get(Conversation, conversation_id)
        if conv is None:
            raise NotFound("conversation", conversation_id)
        slots = dict((conv.state or {}).get("slots") or {})
    return {"id": entry.id, "kind": entry.kind, "lang": lang, "title": entry.title.get(lang),
            "text": render(entry, lang, slots), "slots": slot_values(entry, lang, slots),
            "conversation_id": conversation_id}
