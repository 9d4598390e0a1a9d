from __future__ import annotations

import json

from fastapi import APIRouter, Query
from fastapi.responses import Response

from server.deps import KnowledgeDep, SessionDep
from server.feedback import service
from server.feedback.schemas import FeedbackCreate, FeedbackList, FeedbackRead, Target

router = APIRouter(prefix="/api/v1/feedback", tags=["feedback"])


@router.post("", response_model=FeedbackRead, status_code=201)
def create_feedback(body: FeedbackCreate, db: SessionDep, kb: KnowledgeDep):
    """Mark a card's style, emotion or an objection as wrong (with the right label) or correct,
    or rate a recommendation as helpful or not."""
    row = service.create(db_session=db, knowledge=kb, feedback_in=body)
    return service.to_read(row, None)


@router.get("", response_model=FeedbackList)
def list_feedback(db: SessionDep, target: Target | None = None, analysis_id: str | None = None,
                  limit: int = Query(100, ge=1, le=1000), offset: int = Query(0, ge=0)):
    """Every correction and rating, newest first (for admins reviewing the models and the playbook)."""
    return service.list_feedback(db_session=db, target=target, analysis_id=analysis_id, limit=limit, offset=offset)


@router.get("/export", response_class=Response,
            responses={200: {"content": {"application/x-ndjson": {}},
                             "description": 'One line per corrected analysis: {"text", "style", "emotion", "objection"}'}})
def export_feedback(db: SessionDep):
    """The corrections as JSONL for `talktrack eval`: only the fields a rep corrected or confirmed."""
    body = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in service.export_rows(db_session=db))
    return Response(body, media_type="application/x-ndjson; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="talktrack-feedback.jsonl"'})
