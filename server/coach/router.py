from __future__ import annotations

from fastapi import APIRouter, Query

from server.analysis.service import check_length
from server.coach import service
from server.coach.schemas import CoachIn, CoachOut, ConversationOut, ConversationSummary
from server.deps import CoachDep, PipelineDep, SessionDep, SettingsDep

router = APIRouter(prefix="/api/v1", tags=["coaching"])


@router.post("/coach", response_model=CoachOut)
def coach(body: CoachIn, db: SessionDep, pipeline: PipelineDep, coach: CoachDep, settings: SettingsDep):
    """Paste a transcript or notes (→ analysis + recommendations) or ask for help
    ("what if he says it's too expensive?") in the same conversation."""
    check_length(body.text, settings.max_text_chars)
    context = body.context.model_dump(exclude_none=True) if body.context else {}
    return service.coach_turn(db_session=db, pipeline=pipeline, coach=coach, text=body.text, lang=body.lang,
                              customer_id=body.customer_id, conversation_id=body.conversation_id, context=context)


@router.get("/conversations", response_model=list[ConversationSummary])
def list_conversations(db: SessionDep, customer_id: str | None = None, limit: int = Query(50, ge=1, le=500)):
    return service.list_conversations(db_session=db, customer_id=customer_id, limit=limit)


@router.get("/conversations/{conversation_id}", response_model=ConversationOut)
def get_conversation(conversation_id: str, db: SessionDep):
    return service.get_conversation(db_session=db, conversation_id=conversation_id)
