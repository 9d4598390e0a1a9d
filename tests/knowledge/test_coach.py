"""Turning an analysis into recommendations, without the models: the near-miss objection hedge, the order of
objections, and the account's segment from a rep's notes."""
import pytest

from knowledge.coach import HEDGE_AT, Coach, CustomerState, queries_for_state
from knowledge.kb import KnowledgeBase
from nlp.labels import OBJECTIONS


@pytest.fixture(scope="module")
def coach():
    return Coach(KnowledgeBase())


def analysis(objections=(), scores=None, style="analytical", emotion="neutral", intensity=0.1, risk="low",
             style_scores=None, emotion_scores=None):
    return {"style": {"label": style, **({"scores": style_scores} if style_scores else {})},
            "emotion": {"label": emotion, "intensity": intensity, "escalation_risk": risk,
                        **({"scores": emotion_scores} if emotion_scores else {})},
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
    # A tactic that happens to carry a trust tag may rank for the style; a trust script must not be hedged in.
    assert not any(r.kind == "objection_response" and "trust" in r.tags["objections"]
                   and "price" not in r.tags["objections"] for r in recs[:3])
    assert not any("possible" in r.why for r in recs)


def test_a_stored_state_from_before_objection_scores_still_loads():
    a = analysis(objections=["price"])
    del a["objection_scores"]
    state = CustomerState.from_analysis(a)
    assert state.possible_objection is None
    assert CustomerState(**{k: v for k, v in state.to_dict().items() if k != "possible_objection"}).objections == ["price"]


def test_a_concrete_objection_is_answered_before_the_doubt_read_beside_it(coach):
    state, recs = recommend(coach, analysis(objections=["trust", "price"], style="critical",
                                            scores={"trust": 0.7, "price": 0.6}))
    assert state.objections == ["price", "trust"]
    assert all("price" in r.tags["objections"] for r in recs[:2])
    assert any("trust" in r.tags["objections"] for r in recs[2:])
    state, _ = recommend(coach, analysis(objections=["trust"], scores={"trust": 0.7}))
    assert state.objections == ["trust"]


@pytest.mark.parametrize("notes", [True, False])
def test_account_notes_that_state_a_segment_get_its_play_first_unless_the_customer_is_hot(coach, notes):
    state = CustomerState.from_analysis(analysis(objections=["competitor"], emotion="frustration", intensity=0.5),
                                        segments=["at_risk"])
    state.account_notes = notes
    recs = coach.recommend(queries_for_state(state, "en"), {})
    first = recs[0]
    if notes:  # "renewal in 30 days, logins down 60%": the at-risk play leads
        assert first.kind == "segment_strategy" and "at_risk" in first.tags["segments"]
    else:  # the customer's own words: their objection leads, the segment play comes later
        assert first.kind == "objection_response"
        assert any(r.kind == "segment_strategy" for r in recs[2:])
    hot = CustomerState.from_analysis(analysis(emotion="anger", intensity=0.9, risk="high"), segments=["at_risk"])
    hot.account_notes = True
    recs = coach.recommend(queries_for_state(hot, "en"), {})
    assert recs[0].kind == "deescalation" and "anger" in recs[0].tags["emotions"]
    assert recs[2].kind == "segment_strategy", "a furious customer is calmed before the account play"


def _styles_in_top3(coach, style_scores):
    _, recs = recommend(coach, analysis(objections=["trust"], style="critical", scores={"trust": 0.8},
                                        style_scores=style_scores))
    return [r.tags["styles"] for r in recs[:3]]


def test_a_style_read_nearly_as_likely_as_the_pick_still_gets_its_script(coach):
    torn = _styles_in_top3(coach, {"critical": 0.46, "analytical": 0.44, "driver": 0.05, "expressive": 0.03, "amiable": 0.02})
    sure = _styles_in_top3(coach, {"critical": 0.9, "analytical": 0.04, "driver": 0.03, "expressive": 0.02, "amiable": 0.01})
    assert any("analytical" in s for s in torn), "a torn reading shows the runner-up's script beside the pick's"
    assert not any("analytical" in s and "critical" not in s for s in sure), "a sure reading is not diluted"
    assert any("critical" in s for s in torn), "the pick still leads"


def test_a_runner_up_feeling_counts_but_a_distant_one_does_not():
    from knowledge.coach import read_odds

    odds = read_odds({"frustration": 0.5, "disappointment": 0.4, "anger": 0.05}, "frustration")
    assert odds["disappointment"] == pytest.approx(0.8) and odds["anger"] == pytest.approx(0.1)
    assert read_odds({}, "frustration") == {} and read_odds({"anger": 1.0}, None) == {}


def test_a_state_stored_before_the_scores_were_kept_still_ranks(coach):
    state = CustomerState(style="driver", emotion="neutral", objections=["price"])
    recs = coach.recommend(queries_for_state(state, "en"), {})
    assert recs and "price" in recs[0].tags["objections"]


def test_a_script_ranked_on_a_close_second_reading_says_so(coach):
    _, recs = recommend(coach, analysis(objections=["trust"], style="critical", scores={"trust": 0.8},
                                        style_scores={"critical": 0.46, "analytical": 0.44, "driver": 0.05,
                                                      "expressive": 0.03, "amiable": 0.02}))
    second = [r for r in recs if "analytical" in r.tags["styles"] and "critical" not in r.tags["styles"]]
    assert second and all("possibly analytical" in r.why for r in second)
    assert not any("possibly" in r.why for r in recs if "critical" in r.tags["styles"])
