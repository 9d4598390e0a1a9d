"""The simulated customer's rules, with skill scores given directly (no models)."""
from knowledge import simulate
from knowledge.loader import CONTENT_DIR, load
from nlp.skills import SkillResult

KB = load([CONTENT_DIR])


def skills(addresses: float, **values) -> SkillResult:
    r = SkillResult(thresholds={"addresses_objection": 0.5})
    r.scores = {"addresses_objection": addresses, "style_fit": 0.8, "avoid_phrase": 1.0, "empathy": 0.5,
                "ownership": 0.5, "length": 1.0}
    r.applicable = {k: True for k in r.scores}
    r.values = {"addresses_objection": addresses >= 0.5, "style_fit": True, "avoid_phrase": False} | values
    return r


def opened(sc_id: str):
    sc = KB.scenarios[sc_id]
    state, _ = simulate.start(sc, "en", 1)
    while not state.open_objection:
        state = simulate.step(sc, state, "en", "Thanks, tell me more.", skills(0.0), seed=1).state
    return sc, state


def test_two_half_convincing_answers_resolve_an_objection_and_a_weak_one_does_not():
    sc, state = opened("roleplay-driver-price-negotiation")
    objection = state.open_objection
    state = simulate.step(sc, state, "en", "Some answer.", skills(0.3), seed=2).state
    assert state.open_objection == objection
    state = simulate.step(sc, state, "en", "Another answer.", skills(0.3), seed=3).state
    assert objection in state.resolved

    sc, state = opened("roleplay-driver-price-negotiation")
    for seed in range(2):
        state = simulate.step(sc, state, "en", "Hmm.", skills(0.05), seed=seed).state
    assert objection not in state.resolved


def test_a_scenario_customer_hears_the_answer_it_listens_for():
    sc, state = opened("roleplay-expressive-refund-request")
    assert state.open_objection == "need"
    state = simulate.step(sc, state, "en", "I respect your decision; I'll close the account today.", skills(0.1), seed=4).state
    assert "need" in state.resolved


def test_a_phrase_to_avoid_costs_patience_and_heats_the_customer():
    sc, state = opened("roleplay-critical-late-delivery")
    before, objection = state.patience, state.open_objection
    after = simulate.step(sc, state, "en", "Calm down.", skills(0.9, avoid_phrase=True), seed=5).state
    assert after.patience == max(0, before - 2)
    assert objection not in after.resolved, "a brush-off never answers the objection, however on-topic"
