from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.responses import Response

from server.deps import KnowledgeDep, SessionDep, SkillsDep
from server.roleplay import service
from server.roleplay.schemas import SessionCreate, SessionOut, TurnIn, TurnOut

router = APIRouter(prefix="/api/v1/roleplay", tags=["role-play"])


@router.get("/scenarios")
def list_scenarios(kb: KnowledgeDep):
    return [service.scenario_summary(sc) for sc in sorted(kb.scenarios.values(), key=lambda s: s.id)]


@router.post("/sessions", response_model=SessionOut)
def create_session(body: SessionCreate, db: SessionDep, kb: KnowledgeDep):
    """Start a role-play: TalkTrack plays the scenario's customer and opens the conversation."""
    return service.create_session(db_session=db, kb=kb, scenario_id=body.scenario_id, trainee=body.trainee,
                                  lang=body.lang, seed=body.seed)


@router.get("/sessions")
def list_sessions(db: SessionDep, trainee: str | None = None, scenario_id: str | None = None,
                  limit: int = Query(500, ge=1, le=5000)):
    return service.list_sessions(db_session=db, trainee=trainee, scenario_id=scenario_id, limit=limit)


@router.get("/sessions.csv")
def export_sessions(db: SessionDep, trainee: str | None = None, scenario_id: str | None = None):
    rows = service.list_sessions(db_session=db, trainee=trainee, scenario_id=scenario_id)
    return Response(service.sessions_csv(rows), media_type="text/csv",
                    headers={"content-disposition": 'attachment; filename="roleplay-sessions.csv"'})


@router.post("/sessions/{session_id}/turns", response_model=TurnOut)
def take_turn(session_id: str, body: TurnIn, db: SessionDep, kb: KnowledgeDep, detectors: SkillsDep):
    """The trainee's reply: scored on named skills; the customer answers from the new state."""
    return service.take_turn(db_session=db, kb=kb, detectors=detectors, session_id=session_id, text=body.text)


@router.get("/sessions/{session_id}/scorecard")
def scorecard(session_id: str, db: SessionDep, kb: KnowledgeDep):
    return service.scorecard(db_session=db, kb=kb, session_id=session_id)
