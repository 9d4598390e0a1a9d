"""Turning an analysis into recommendations, without the models: the near-miss objection hedge."""
import pytest

from knowledge.coach import HEDGE_AT, Coach, CustomerState, queries_for_state
from knowledge.kb import KnowledgeBase
from nlp.labels import OBJECTIONS


@pytest.fixture(scope="module")
def coach():
    return Coach(KnowledgeBase())


def analysis(objections=(), scores=None, style="analytical", emotion="neutral"):
    return {"style": {"label": style}, "emotion": {"label": emotion, "intensity": 0.1, "escalation_risk": "low"},
            "objections": [{"type": t} for t in objections],
            "objection_scores": {t: 0.02 for t in OBJECTIONS} | (scores or {})}


def recommend(coach, a):
    state = CustomerState.from_analysis(a)
    return state, coach.recommend(queries_for_state(state, "en"), {})


def test_an_objection_just_under_its_threshold_gets_the_third_place(coach):
    _, plain = recommend(coach, analysis())
    state, hedged = recommend(coach, analysis(scores={"trust": HEDGE_AT + 0.05, "price": HEDGE_AT - 0.02}))
    assert state.objections == [] and state.possible_objection == "trust"
    assert [r.id for r in hedged[:2]] == [r.id for r in plain[:2]], "the confident reading keeps the first two places"
    assert hedged[2].kind == "objection_response" and "trust" in hedged[2].tags["objections"]
    assert "analytical" in hedged[2].tags["styles"] or not hedged[2].tags["styles"]
    assert "possible trust objection" in hedged[2].why, "the rep is told it is a possibility"
    assert not any(r.kind == "objection_response" for r in plain[:3])


def test_no_hedge_when_every_objection_is_unlikely_or_one_was_found(coach):
    state, recs = recommend(coach, analysis(scores={"trust": HEDGE_AT - 0.05}))
    assert state.possible_objection is None
    assert not any(r.kind == "objection_response" for r in recs)
    state, recs = recommend(coach, analysis(objections=["price"], scores={"price": 0.8, "trust": HEDGE_AT + 0.05}))
    assert state.objections == ["price"]
    assert not any("trust" in r.tags["objections"] and "price" not in r.tags["objections"] for r in recs[:3])


def test_a_stored_state_from_before_objection_scores_still_loads():
    a = analysis(objections=["price"])
    del a["objection_scores"]
    state = CustomerState.from_analysis(a)
    assert state.possible_objection is None
    assert CustomerState(**{k: v for k, v in state.to_dict().items() if k != "possible_objection"}).objections == ["price"]
