"""Role-play sessions: start one, play a turn, and the scorecard; everything is stored per turn."""
from __future__ import annotations

import csv
import io
import random
from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from knowledge import simulate
from knowledge.kb import KnowledgeBase
from knowledge.roleplay import Scenario
from nlp.skills import SkillContext, SkillDetectors
from server.errors import AppError, NotFound
from server.roleplay.models import RoleplaySession, RoleplayTurn


def scenario_summary(sc: Scenario, lang: str | None = None) -> dict:
    pick = (lambda b: b.get(lang)) if lang else (lambda b: b.model_dump())
    return {"id": sc.id, "title": pick(sc.title), "track": sc.track, "stage": sc.stage,
            "persona": {"name": pick(sc.persona.name), "role": pick(sc.persona.role), "company": pick(sc.persona.company),
                        "industry": sc.persona.industry, "style": sc.persona.style, "emotion": sc.persona.emotion,
                        "patience": sc.persona.patience},
            "situation": pick(sc.situation), "goal": pick(sc.goal), "max_turns": sc.max_turns,
            "objections": len(sc.objections)}


def get_scenario(kb: KnowledgeBase, scenario_id: str) -> Scenario:
    sc = kb.scenarios.get(scenario_id)
    if sc is None:
        raise AppError(404, "scenario_not_found", f"No role-play scenario {scenario_id!r}.",
                       {"available": sorted(kb.scenarios)})
    return sc


def create_session(*, db_session: Session, kb: KnowledgeBase, scenario_id: str, trainee: str, lang: str,
                   seed: int | None = None) -> dict:
    sc = get_scenario(kb, scenario_id)
    seed = random.SystemRandom().randrange(1 << 30) if seed is None else seed
    state, opening = simulate.start(sc, lang, seed)
    row = RoleplaySession(scenario_id=sc.id, trainee=trainee, lang=lang, seed=seed, opening=opening,
                          state=state.to_dict(), done=False)
    db_session.add(row)
    db_session.commit()
    return {"id": row.id, "scenario": scenario_summary(sc, lang), "customer_message": opening,
            "state": row.state, "done": False}


def _session(db_session: Session, session_id: str) -> RoleplaySession:
    row = db_session.get(RoleplaySession, session_id)
    if row is None:
        raise NotFound("roleplay_session", session_id)
    return row


def take_turn(*, db_session: Session, kb: KnowledgeBase, detectors: SkillDetectors, session_id: str, text: str) -> dict:
    row = _session(db_session, session_id)
    if row.done:
        raise AppError(409, "session_finished", f"This session already ended ({row.outcome}); start a new one.",
                       {"outcome": row.outcome})
    sc = get_scenario(kb, row.scenario_id)
    state = simulate.SimState(**row.state)
    seq = len(row.turns) + 1
    last_customer = row.turns[-1].customer_message if row.turns else row.opening
    skills = detectors.score(text, SkillContext(sc.persona.style, state.emotion, state.open_objection, last_customer))
    result = simulate.step(sc, state, row.lang, text, skills, seed=row.seed * 1000 + seq)
    db_session.add(RoleplayTurn(session_id=row.id, seq=seq, trainee_text=text, customer_message=result.customer_message,
                                score=result.score, feedback=result.feedback, better_line=result.better_line,
                                state=result.state.to_dict()))
    row.state = result.state.to_dict()
    row.done, row.outcome = result.state.done, result.state.outcome
    row.updated_at = datetime.now(timezone.utc)
    db_session.commit()
    return {"customer_message": result.customer_message, "turn_score": result.score, "feedback": result.feedback,
            "better_line": result.better_line, "state": row.state, "done": row.done, "outcome": row.outcome}


def _summary(row: RoleplaySession) -> dict:
    """A session's outcome and scores, as the trainer's table and the scorecard both show them."""
    turns = list(row.turns)
    per_skill: dict[str, list[float]] = {}
    for t in turns:
        for name, s in t.score["skills"].items():
            if s["applicable"]:
                per_skill.setdefault(name, []).append(s["score"])
    return {"id": row.id, "trainee": row.trainee, "lang": row.lang, "outcome": row.outcome, "done": row.done,
            "turns": len(turns),
            "overall": round(sum(t.score["overall"] for t in turns) / len(turns), 1) if turns else 0.0,
            "skills": {name: round(sum(v) / len(v), 1) for name, v in sorted(per_skill.items())}}


def scorecard(*, db_session: Session, kb: KnowledgeBase, session_id: str) -> dict:
    row = _session(db_session, session_id)
    turns = list(row.turns)
    ranked = sorted(turns, key=lambda t: t.score["overall"])
    describe = lambda t: {"turn": t.seq, "text": t.trainee_text, "score": t.score["overall"],  # noqa: E731
                          "better_alternative": t.better_line}
    sc = kb.scenarios.get(row.scenario_id)
    summary = _summary(row)
    return {
        "id": row.id, "scenario": scenario_summary(sc, row.lang) if sc else {"id": row.scenario_id},
        **{k: v for k, v in summary.items() if k != "id"},
        "best_turns": [describe(t) for t in reversed(ranked[-2:])],
        "worst_turns": [describe(t) for t in ranked[:2]],
        "state": row.state,  # the customer's mood now, so a reopened session carries on where it was
        "transcript": [{"role": "customer", "text": row.opening}] + [
            m for t in turns for m in (_trainee_entry(t), {"role": "customer", "text": t.customer_message})],
    }


def _trainee_entry(t: RoleplayTurn) -> dict:
    """One trainee reply as the trainer reviews it: the skills that counted on that turn, and the coaching."""
    return {"role": "trainee", "text": t.trainee_text, "score": t.score["overall"], "turn": t.seq,
            "skills": {name: s["score"] for name, s in sorted(t.score["skills"].items()) if s["applicable"]},
            "feedback": list(t.feedback or []), "better_line": t.better_line}


def list_sessions(*, db_session: Session, trainee: str | None = None, scenario_id: str | None = None,
                  limit: int = 500) -> list[dict]:
    q = (select(RoleplaySession).options(selectinload(RoleplaySession.turns))
         .order_by(RoleplaySession.created_at.desc()).limit(limit))
    if trainee:
        q = q.where(RoleplaySession.trainee == trainee)
    if scenario_id:
        q = q.where(RoleplaySession.scenario_id == scenario_id)
    return [_summary(row) | {"scenario_id": row.scenario_id, "created_at": row.created_at.isoformat()}
            for row in db_session.scalars(q)]


def sessions_csv(rows: list[dict]) -> str:
    from nlp.skills import SKILLS

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["session", "created_at", "trainee", "scenario", "lang", "outcome", "turns", "overall", *SKILLS])
    for r in rows:
        w.writerow([r["id"], r["created_at"], r["trainee"], r["scenario_id"], r["lang"], r["outcome"] or "", r["turns"],
                    r["overall"], *[r["skills"].get(s, "") for s in SKILLS]])
    return buf.getvalue()
