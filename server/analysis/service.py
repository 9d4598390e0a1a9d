"""Analysing text and storing the result."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from nlp.pipeline import Pipeline
from server.analysis.models import Analysis
from server.customers.service import get_or_create
from server.errors import AppError, NotFound


def check_length(text: str, limit: int) -> None:
    if len(text) > limit:
        raise AppError(413, "text_too_long",
                       f"The text has {len(text):,} characters; the limit is {limit:,}. Paste a shorter excerpt.",
                       {"length": len(text), "limit": limit})


def analyze(*, db_session: Session, pipeline: Pipeline, text: str, lang: str, customer_id: str | None,
            save: bool) -> dict:
    result = pipeline.analyze(text, lang).to_dict()
    if not save:
        return {"id": None, "customer_id": customer_id, "created_at": None, **result}
    row = store(db_session=db_session, text=text, result=result, customer_id=customer_id)
    return to_out(row)


def store(*, db_session: Session, text: str, result: dict, customer_id: str | None) -> Analysis:
    seq = 0
    if customer_id is not None:
        get_or_create(db_session=db_session, customer_id=customer_id)
        seq = (db_session.scalar(select(func.max(Analysis.seq)).where(Analysis.customer_id == customer_id)) or 0) + 1
    row = Analysis(customer_id=customer_id, seq=seq, input_text=text, language=result["language"],
                   input_kind=result["input_kind"], result=result, model_versions=result["model_versions"])
    db_session.add(row)
    db_session.commit()
    return row


def to_out(row: Analysis) -> dict:
    return {**row.result, "id": row.id, "customer_id": row.customer_id, "created_at": row.created_at}


def get(*, db_session: Session, analysis_id: str) -> Analysis:
    row = db_session.get(Analysis, analysis_id)
    if row is None:
        raise NotFound("analysis", analysis_id)
    return row
