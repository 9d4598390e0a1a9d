"""The role-play pages (trainee and trainer) and the scorecard fields they read: each trainee turn's
skill scores, feedback and better line, and the customer's current state. Nothing here depends on a
score or an outcome, which the simulator's tuning moves."""
import pytest

pytestmark = pytest.mark.slow

REPLIES = ["I understand this is frustrating. What would a good outcome look like for you?",
           "I'll sort this out myself today and confirm it to you in writing by 5pm."]


def start(client, trainee="pat", lang="en"):
    scenario = client.get("/api/v1/roleplay/scenarios").json()[0]
    r = client.post("/api/v1/roleplay/sessions", json={"scenario_id": scenario["id"], "trainee": trainee, "lang": lang})
    assert r.status_code == 200, r.text
    return r.json()


def test_roleplay_and_trainer_pages_are_served_with_their_nav_links(client):
    for path, script in (("/roleplay", "roleplay.js"), ("/trainer", "trainer.js")):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/html"), path
        assert script in r.text
        assert 'href="/roleplay"' in r.text and 'data-i18n="nav_roleplay"' in r.text
        assert 'href="/trainer"' in r.text and 'data-i18n="nav_trainer"' in r.text
        assert "content-security-policy" in r.headers
    assert 'data-session-id=""' in client.get("/roleplay").text


def test_roleplay_session_page_reopens_a_session_and_unknown_ones_get_the_html_404(client):
    session = start(client)
    r = client.get(f"/roleplay/sessions/{session['id']}")
    assert r.status_code == 200
    assert f'data-session-id="{session["id"]}"' in r.text
    r = client.get("/roleplay/sessions/no-such-session")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "Error 404" in r.text and "roleplay_session_not_found" in r.text


def test_page_data_lists_the_skills_in_order(client):
    from nlp.skills import SKILLS

    html = client.get("/roleplay").text
    assert '"skills": [' + ", ".join(f'"{s}"' for s in SKILLS) + "]" in html


def test_scorecard_transcript_carries_each_turn_skills_feedback_and_better_line(client):
    session = start(client)
    turns = []
    for text in REPLIES:
        r = client.post(f"/api/v1/roleplay/sessions/{session['id']}/turns", json={"text": text})
        assert r.status_code == 200, r.text
        turns.append(r.json())
        if turns[-1]["done"]:
            break
    card = client.get(f"/api/v1/roleplay/sessions/{session['id']}/scorecard").json()
    assert set(card) >= {"id", "scenario", "trainee", "lang", "outcome", "done", "turns", "overall", "skills",
                         "best_turns", "worst_turns", "transcript", "state"}
    assert card["state"] == turns[-1]["state"]
    transcript = card["transcript"]
    assert transcript[0] == {"role": "customer", "text": session["customer_message"]}
    trainee = [m for m in transcript if m["role"] == "trainee"]
    customer = [m for m in transcript[1:] if m["role"] == "customer"]
    assert len(trainee) == len(customer) == len(turns)
    for i, (entry, turn, said) in enumerate(zip(trainee, turns, customer), start=1):
        assert entry["text"] == REPLIES[i - 1]
        assert entry["score"] == turn["turn_score"]["overall"]  # the existing field is kept
        assert entry["turn"] == i
        applicable = {k: v["score"] for k, v in turn["turn_score"]["skills"].items() if v["applicable"]}
        assert entry["skills"] == applicable
        assert entry["feedback"] == turn["feedback"]
        assert entry["better_line"] == turn["better_line"]
        assert said == {"role": "customer", "text": turn["customer_message"]}


def test_scorecard_of_a_session_without_turns_has_its_opening_state(client):
    session = start(client, lang="zh")
    card = client.get(f"/api/v1/roleplay/sessions/{session['id']}/scorecard").json()
    assert card["state"] == session["state"]
    assert card["transcript"] == [{"role": "customer", "text": session["customer_message"]}]
    assert card["turns"] == 0 and card["done"] is False
