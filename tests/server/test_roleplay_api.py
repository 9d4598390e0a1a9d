"""Role-play through the API: scenarios, a good trainee wins and a poor one loses, the scorecard, errors."""
import pytest

from knowledge.loader import CONTENT_DIR, load

pytestmark = pytest.mark.slow
SCENARIOS = sorted(load([CONTENT_DIR]).scenarios.values(), key=lambda s: s.id)

# The long-winded line comes first, so every poor session shows it before the customer walks away.
POOR = {
    "en": [
           "Look, our product is the best on the market, everybody knows that, let me tell you the whole history of "
           "how our founders started the company back in the day and all the awards we have won since then. It began "
           "in a small garage with two friends and a borrowed laptop, and over the years they hired their cousins, "
           "their neighbours and half of their old school, and every single one of them will tell you the same story "
           "about the late nights and the pizza and the big break at the trade fair, which I was at myself, by the "
           "way, and it was a wonderful day with balloons and a band and a cake shaped like our logo, and honestly "
           "the atmosphere in our office is still exactly like that today, which is why everyone loves working with "
           "us and why you will love it too once you get to know us all properly.",
           "Calm down. That's our policy and there's nothing I can do about it.",
           "You must have misunderstood what we offer."],
    "zh": ["我们的产品是市场上最好的，大家都知道，我给您从头讲讲我们公司的发展历史和拿过的所有奖项吧，"
           "说起来可就长了，当年我们创始人在一个小车库里，就两个人一台借来的电脑，后来慢慢招了亲戚、邻居，"
           "还有半个班的老同学，每个人都能跟您讲那些熬夜吃泡面的日子，还有在展会上拿到第一个大单的故事，"
           "那天我也在场，现场有气球有乐队，还有一个做成我们商标形状的大蛋糕，热闹得不得了，"
           "说实话我们公司现在的氛围还跟那时候一模一样，所以大家都特别喜欢跟我们合作，"
           "等您跟我们熟了以后，肯定也会喜欢上我们的，我再给您讲讲我们去年年会的事……",
           "你冷静一下，这是公司规定，我也没办法。",
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


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("sc", SCENARIOS, ids=lambda s: s.id)
def test_roleplay_poor_trainee_loses(client, sc, lang):
    _, turns, poor = play(client, sc, lang, "poor", lambda sc, st, lang, i: POOR[lang][i % len(POOR[lang])])
    assert poor["outcome"] == "lost"
    assert poor["skills"]["avoid_phrase"] < 100  # two of the three poor lines use a phrase to avoid
    assert all(t["feedback"] for t in turns)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("sc", SCENARIOS, ids=lambda s: s.id)
def test_roleplay_good_trainee_wins_and_scores_higher(client, sc, lang):
    _, good_turns, good = play(client, sc, lang, "good", lambda sc, st, lang, i: good_line(sc, st, lang))
    _, _, poor = play(client, sc, lang, "poor", lambda sc, st, lang, i: POOR[lang][i % len(POOR[lang])])
    assert good["outcome"] == "won", [t["customer_message"] for t in good_turns]
    assert good["overall"] > poor["overall"]
    used_well = [k for k, v in good["skills"].items() if v >= 60 and k in poor["skills"]]
    assert "avoid_phrase" in used_well
    for skill in used_well:
        assert good["skills"][skill] > poor["skills"][skill], (skill, good["skills"], poor["skills"])


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
