"""Role-play through the API: scenarios, a good trainee wins and a poor one loses, the scorecard, errors."""
import pytest

from knowledge.loader import CONTENT_DIR, load

pytestmark = pytest.mark.slow
SCENARIOS = sorted(load([CONTENT_DIR]).scenarios.values(), key=lambda s: s.id)

POOR = {
    "en": ["Calm down. That's our policy and there's nothing I can do about it.",
           "Look, our product is the best on the market, everybody knows that, let me tell you the whole history of "
           "how our founders started the company back in the day and all the awards we have won since then.",
           "You must have misunderstood what we offer."],
    "zh": ["你冷静一下，这是公司规定，我也没办法。",
           "我们的产品是市场上最好的，大家都知道，我给您从头讲讲我们公司的发展历史和拿过的所有奖项吧，"
           "说起来可就长了，当年我们创始人……",
           "你肯定是弄错了我们的服务内容。"],
}


def good_line(sc, state, lang):
    key = state["open_objection"] or "general"
    return sc.better_lines.get(key, sc.better_lines["general"]).get(lang)


def play(client, sc, lang, trainee, reply):
    r = client.post("/api/v1/roleplay/sessions", json={"scenario_id": sc.id, "trainee": trainee, "lang": lang, "seed": 7})
    assert r.status_code == 200, r.text
    session = r.json()
    assert session["customer_message"] and not session["done"]
    state, turns = session["state"], []
    for i in range(sc.max_turns + 1):
        t = client.post(f"/api/v1/roleplay/sessions/{session['id']}/turns", json={"text": reply(sc, state, lang, i)})
        assert t.status_code == 200, t.text
        out = t.json()
        turns.append(out)
        state = out["state"]
        if out["done"]:
            break
    card = client.get(f"/api/v1/roleplay/sessions/{session['id']}/scorecard").json()
    return session, turns, card


def test_roleplay_lists_twelve_scenarios_covering_every_style_and_both_tracks(client):
    listed = client.get("/api/v1/roleplay/scenarios").json()
    assert len(listed) >= 12
    assert {s["persona"]["style"] for s in listed} == {"analytical", "driver", "expressive", "amiable", "critical"}
    assert {s["track"] for s in listed} == {"sales", "service"}


# With the scenario's own model answers, the simulator cannot yet win these: the style-fit and
# objection detectors under-score the model answers (issue 6 is open; see MODEL_CARD.md). Listed
# exactly, so a fix shows up as an unexpected pass.
NOT_YET_WON = {("roleplay-amiable-renewal-at-risk", "zh"), ("roleplay-critical-late-delivery", "en"),
               ("roleplay-driver-price-negotiation", "en"), ("roleplay-expressive-demo-follow-up", "en"),
               ("roleplay-expressive-demo-follow-up", "zh"), ("roleplay-expressive-refund-request", "en"),
               ("roleplay-expressive-refund-request", "zh")}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("sc", SCENARIOS, ids=lambda s: s.id)
def test_roleplay_poor_trainee_loses(client, sc, lang):
    _, turns, poor = play(client, sc, lang, "poor", lambda sc, st, lang, i: POOR[lang][i % len(POOR[lang])])
    assert poor["outcome"] == "lost"
    assert poor["skills"]["avoid_phrase"] <= 50  # two of the three poor lines use a phrase to avoid
    assert all(t["feedback"] for t in turns)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("sc", SCENARIOS, ids=lambda s: s.id)
def test_roleplay_good_trainee_wins_and_scores_higher(client, sc, lang, request):
    if (sc.id, lang) in NOT_YET_WON:
        request.applymarker(pytest.mark.xfail(strict=True, reason="detectors under-score the model answers"))
    _, good_turns, good = play(client, sc, lang, "good", lambda sc, st, lang, i: good_line(sc, st, lang))
    _, _, poor = play(client, sc, lang, "poor", lambda sc, st, lang, i: POOR[lang][i % len(POOR[lang])])
    assert good["outcome"] == "won", [t["customer_message"] for t in good_turns]
    assert good["overall"] > poor["overall"]
    for skill in ("avoid_phrase", "addresses_objection"):
        if skill in good["skills"] and skill in poor["skills"]:
            assert good["skills"][skill] > poor["skills"][skill], skill


def test_roleplay_scorecard_and_session_survive_a_restart(settings, pipeline):
    from fastapi.testclient import TestClient

    from server.main import create_app

    sc = SCENARIOS[0]
    with TestClient(create_app(settings, pipeline=pipeline)) as c:
        session, _, card = play(c, sc, "en", "ana", lambda sc, st, lang, i: good_line(sc, st, lang))
    with TestClient(create_app(settings, pipeline=pipeline)) as c:
        again = c.get(f"/api/v1/roleplay/sessions/{session['id']}/scorecard").json()
        assert again == card
        assert set(card) >= {"overall", "skills", "best_turns", "worst_turns", "outcome", "transcript"}
        assert card["worst_turns"][0]["better_alternative"]
        rows = c.get("/api/v1/roleplay/sessions", params={"trainee": "ana"}).json()
        assert [r["id"] for r in rows] == [session["id"]]
        csv = c.get("/api/v1/roleplay/sessions.csv").text.splitlines()
        assert csv[0].startswith("session,created_at,trainee,scenario") and session["id"] in csv[1]


def test_roleplay_errors_are_clear(client):
    r = client.post("/api/v1/roleplay/sessions", json={"scenario_id": "nope", "trainee": "t"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "scenario_not_found"
    assert client.post("/api/v1/roleplay/sessions/nope/turns", json={"text": "hi"}).status_code == 404
    sc = SCENARIOS[0]
    s = client.post("/api/v1/roleplay/sessions", json={"scenario_id": sc.id, "trainee": "t"}).json()
    r = client.post(f"/api/v1/roleplay/sessions/{s['id']}/turns", json={"text": "   "})
    assert r.status_code == 422
    for _ in range(sc.max_turns + 1):
        out = client.post(f"/api/v1/roleplay/sessions/{s['id']}/turns", json={"text": POOR["en"][0]}).json()
        if out.get("done"):
            break
    r = client.post(f"/api/v1/roleplay/sessions/{s['id']}/turns", json={"text": "hello?"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "session_finished"
    assert client.post("/api/v1/roleplay/sessions", json={"scenario_id": sc.id, "trainee": " "}).status_code == 422
