"""One coaching turn: read the rep's message, analyse or answer it, store the exchange."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.coach import Coach, CustomerState, respond
from nlp.pipeline import Pipeline
from server.analysis import service as analysis_service
from server.coach.models import Conversation, Message
from server.customers.service import get_or_create as get_or_create_customer
from server.errors import NotFound


def _conversation(db_session: Session, conversation_id: str | None, customer_id: str | None) -> Conversation:
    conv = db_session.get(Conversation, conversation_id) if conversation_id else None
    if conv is None:
        conv = Conversation(**({"id": conversation_id} if conversation_id else {}), state={})
        db_session.add(conv)
    if customer_id:
        get_or_create_customer(db_session=db_session, customer_id=customer_id)
        conv.customer_id = customer_id
    return conv


def _add_message(db_session: Session, conv: Conversation, **fields) -> Message:
    seq = (db_session.scalar(select(func.max(Message.seq)).where(Message.conversation_id == conv.id)) or 0) + 1
    msg = Message(conversation_id=conv.id, seq=seq, **fields)
    db_session.add(msg)
    db_session.flush()
    return msg


def coach_turn(*, db_session: Session, pipeline: Pipeline, coach: Coach, text: str, lang: str,
               customer_id: str | None, conversation_id: str | None, context: dict[str, str]) -> dict:
    conv = _conversation(db_session, conversation_id, customer_id)
    db_session.flush()
    known = CustomerState(**conv.state) if conv.state else None
    _add_message(db_session, conv, role="user", text=text)

    def analyze(t: str) -> dict:
        return analysis_service.analyze(db_session=db_session, pipeline=pipeline, text=t, lang=lang,
                                        customer_id=customer_id or conv.customer_id, save=True)

    reply = respond(coach, text=text, lang=lang, known=known, analyze=analyze,
                    read=lambda t: pipeline.analyze(t, lang),
                    given={k: str(v) for k, v in context.items() if v})
    recs = [r.to_dict() for r in reply.recommendations]
    _add_message(db_session, conv, role="assistant", text="", intent=reply.intent,
                 analysis_id=reply.analysis["id"] if reply.analysis else None,
                 payload={"recommendations": recs, "request": reply.request, "language": reply.language,
                          "follow_ups": reply.follow_ups})
    conv.state = reply.state.to_dict()
    conv.title = conv.title or text.strip().splitlines()[0][:80]
    conv.updated_at = datetime.now(timezone.utc)
    db_session.commit()
    return {"conversation_id": conv.id, "intent": reply.intent, "language": reply.language,
            "analysis": reply.analysis, "request": reply.request, "recommendations": recs,
            "follow_ups": reply.follow_ups}


def get_conversation(*, db_session: Session, conversation_id: str) -> Conversation:
    conv = db_session.get(Conversation, conversation_id)
    if conv is None:
        raise NotFound("conversation", conversation_id)
    return conv


def list_conversations(*, db_session: Session, customer_id: str | None = None, limit: int = 50) -> list[Conversation]:
    q = select(Conversation).order_by(Conversation.updated_at.desc()).limit(limit)
    if customer_id:
        q = q.where(Conversation.customer_id == customer_id)
    return list(db_session.scalars(q))
