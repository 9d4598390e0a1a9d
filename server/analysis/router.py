from __future__ import annotations

from fastapi import APIRouter

from server.analysis import service
from server.analysis.schemas import AnalysisOut, AnalyzeIn
from server.deps import PipelineDep, SessionDep, SettingsDep

router = APIRouter(prefix="/api/v1", tags=["analysis"])


@router.post("/analyze", response_model=AnalysisOut)
def analyze(body: AnalyzeIn, db: SessionDep, pipeline: PipelineDep, settings: SettingsDep):
    """Read a transcript or notes: the customer's style, emotion and objections, with evidence."""
    service.check_length(body.text, settings.max_text_chars)
    return service.analyze(db_session=db, pipeline=pipeline, text=body.text, lang=body.lang,
                           customer_id=body.customer_id, save=body.save)


@router.get("/analyses/{analysis_id}", response_model=AnalysisOut)
def get_analysis(analysis_id: str, db: SessionDep):
    return service.to_out(service.get(db_session=db, analysis_id=analysis_id))
