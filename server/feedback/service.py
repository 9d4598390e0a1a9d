"""Storing reps' corrections and ratings, and turning corrections into an evaluation set."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from knowledge.kb import KnowledgeBase
from server.analysis.models import Analysis
from server.coach.models import Conversation
from server.errors import AppError, NotFound
from server.feedback.models import Feedback
from server.feedback.schemas import FeedbackCreate

EXCERPT_CHARS = 160


def _invalid(message: str, details: dict | None = None) -> AppError:
    return AppError(422, "invalid_feedback", message, details)


def create(*, db_session: Session, knowledge: KnowledgeBase, feedback_in: FeedbackCreate) -> Feedback:
    analysis = None
    if feedback_in.analysis_id:
        analysis = db_session.get(Analysis, feedback_in.analysis_id)
        if analysis is None:
            raise NotFound("analysis", feedback_in.analysis_id)
    if feedback_in.conversation_id and db_session.get(Conversation, feedback_in.conversation_id) is None:
        raise NotFound("conversation", feedback_in.conversation_id)
    if feedback_in.recommendation_id and knowledge.get(feedback_in.recommendation_id) is None:
        raise NotFound("knowledge_entry", feedback_in.recommendation_id)

    fields = feedback_in.model_dump()
    if analysis is not None and feedback_in.target in ("style", "emotion"):
        fields["predicted"] = analysis.result[feedback_in.target]["label"]
        if feedback_in.verdict == "correct":
            fields["label"] = fields["predicted"]
        elif feedback_in.label == fields["predicted"]:
            raise _invalid(f"{feedback_in.label!r} is the {feedback_in.target} the analysis gave; "
                           "send verdict 'correct' to confirm it, or name a different label",
                           {"predicted": fields["predicted"]})
    if analysis is not None and feedback_in.target == "objection":
        found = [o["type"] for o in analysis.result["objections"]]
        if feedback_in.verdict in ("wrong", "correct") and feedback_in.predicted not in found:
            raise _invalid(f"the analysis found no {feedback_in.predicted!r} objection; it found: "
                           f"{', '.join(found) or 'none'}. Use verdict 'missing' for one it missed.", {"found": found})
        if feedback_in.verdict == "missing" and feedback_in.label in found:
            raise _invalid(f"the analysis already found a {feedback_in.label!r} objection; "
                           "send verdict 'correct' to confirm it", {"found": found})
    row = Feedback(**fields)
    db_session.add(row)
    db_session.commit()
    return row


def to_read(row: Feedback, text: str | None) -> dict:
    out = {c: getattr(row, c) for c in ("id", "target", "verdict", "analysis_id", "conversation_id", "label",
                                        "predicted", "recommendation_id", "comment", "created_at")}
    if text is not None:
        out["analysis_text"] = text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS - 1] + "…"
    return out


def list_feedback(*, db_session: Session, target: str | None = None, analysis_id: str | None = None,
                  limit: int = 100, offset: int = 0) -> dict:
    q = select(Feedback, Analysis.input_text).outerjoin(Analysis, Feedback.analysis_id == Analysis.id)
    count = select(func.count(Feedback.id))
    if target:
        q, count = q.where(Feedback.target == target), count.where(Feedback.target == target)
    if analysis_id:
        q, count = q.where(Feedback.analysis_id == analysis_id), count.where(Feedback.analysis_id == analysis_id)
    rows = db_session.execute(q.order_by(Feedback.created_at.desc(), Feedback.id).limit(limit).offset(offset)).all()
    return {"total": db_session.scalar(count) or 0, "items": [to_read(f, text) for f, text in rows]}


def export_rows(*, db_session: Session) -> list[dict]:
    """One labelled line per corrected analysis, in the format `talktrack eval` reads.

    Only what a rep corrected or confirmed is given; the latest verdict on a style or emotion wins,
    and objection verdicts are applied in order to the objections the analysis found.
    """
    rows = db_session.execute(
        select(Feedback, Analysis).join(Analysis, Feedback.analysis_id == Analysis.id)
        .where(Feedback.target.in_(("style", "emotion", "objection")))
        .order_by(Feedback.created_at, Feedback.id)).all()
    lines: dict[str, dict] = {}
    objections: dict[str, list[str]] = {}
    for fb, analysis in rows:
        line = lines.setdefault(analysis.id, {"text": analysis.input_text})
        if fb.target in ("style", "emotion"):
            line[fb.target] = fb.label
            continue
        found = objections.setdefault(analysis.id, [o["type"] for o in analysis.result["objections"]])
        if fb.verdict == "wrong" and fb.predicted in found:
            found.remove(fb.predicted)
        if fb.verdict == "wrong" and fb.label and fb.label not in found:
            found.append(fb.label)
        if fb.verdict == "missing" and fb.label not in found:
            found.append(fb.label)
        line["objection"] = sorted(found)
    return list(lines.values())
