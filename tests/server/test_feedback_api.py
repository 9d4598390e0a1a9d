"""POST/GET /api/v1/feedback and the JSONL export that `talktrack eval` reads."""
import json

import pytest

from nlp.eval import check_line
from nlp.labels import EMOTIONS, OBJECTIONS, STYLES

pytestmark = pytest.mark.slow

# Feedback needs an analysis with an objection in it; every customer turn here is about the price.
TRANSCRIPT = ("Customer: Your price is far too high, we pay much less with our current supplier.\n"
              "Rep: I understand.\n"
              "Customer: And I'm annoyed nobody called me back last week. At that price I need the full specification first.")


@pytest.fixture()
def analysis(client):
    r = client.post("/api/v1/coach", json={"text": TRANSCRIPT})
    assert r.status_code == 200, r.text
    body = r.json()
    return {**body["analysis"], "conversation_id": body["conversation_id"],
            "recommendation_id": body["recommendations"][0]["id"]}


def post(client, **body):
    return client.post("/api/v1/feedback", json=body)


def other(labels, current):
    return next(label for label in labels if label != current)


def test_feedback_style_correction_is_stored_with_what_was_predicted(client, analysis):
    right = other(STYLES, analysis["style"]["label"])
    r = post(client, target="style", verdict="wrong", label=right, analysis_id=analysis["id"],
             conversation_id=analysis["conversation_id"])
    assert r.status_code == 201, r.text
    fb = r.json()
    assert fb["label"] == right and fb["predicted"] == analysis["style"]["label"]
    assert fb["id"] and fb["created_at"]
    listed = client.get("/api/v1/feedback").json()
    assert listed["total"] == 1 and listed["items"][0]["id"] == fb["id"]
    assert listed["items"][0]["analysis_text"].startswith("Customer: Your price")


def test_feedback_confirming_a_label_stores_the_analysis_label(client, analysis):
    r = post(client, target="emotion", verdict="correct", analysis_id=analysis["id"])
    assert r.status_code == 201, r.text
    assert r.json()["label"] == r.json()["predicted"] == analysis["emotion"]["label"]


def test_feedback_recommendation_rating(client, analysis):
    r = post(client, target="recommendation", verdict="helpful", recommendation_id=analysis["recommendation_id"],
             conversation_id=analysis["conversation_id"])
    assert r.status_code == 201, r.text
    assert client.get("/api/v1/feedback?target=recommendation").json()["total"] == 1
    assert client.get("/api/v1/feedback?target=style").json()["total"] == 0


def test_feedback_unknown_analysis_is_404(client):
    r = post(client, target="style", verdict="wrong", label="driver", analysis_id="nope")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "analysis_not_found"


@pytest.mark.parametrize("body, needle", [
    ({"target": "style", "verdict": "wrong", "label": "bossy"}, "unknown style 'bossy'"),
    ({"target": "emotion", "verdict": "wrong", "label": "rage"}, "unknown emotion 'rage'"),
    ({"target": "objection", "verdict": "missing", "label": "money"}, "unknown objection 'money'"),
    ({"target": "style", "verdict": "wrong"}, "label is required"),
    ({"target": "style", "verdict": "helpful", "label": "driver"}, "does not apply to style"),
    ({"target": "mood", "verdict": "wrong", "label": "driver"}, "target"),
    ({"target": "objection", "verdict": "wrong"}, "predicted is required"),
    ({"target": "recommendation", "verdict": "helpful"}, "recommendation_id is required"),
    ({"target": "style", "verdict": "wrong", "label": "driver", "extra": 1}, "extra"),
    ({"target": "style", "verdict": "wrong", "label": 3}, "label"),
])
def test_feedback_bad_input_is_a_422_in_the_error_shape(client, analysis, body, needle):
    if body.get("target") != "recommendation":
        body = {"analysis_id": analysis["id"], **body}
    r = post(client, **body)
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert set(err) == {"code", "message", "details"}
    assert err["code"] == "validation_error"
    assert needle in err["message"]


def test_feedback_contradicting_the_analysis_is_422(client, analysis):
    found = [o["type"] for o in analysis["objections"]]
    absent = next(o for o in OBJECTIONS if o not in found)
    r = post(client, target="objection", verdict="wrong", predicted=absent, analysis_id=analysis["id"])
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_feedback"
    r = post(client, target="style", verdict="wrong", label=analysis["style"]["label"], analysis_id=analysis["id"])
    assert r.status_code == 422 and "verdict 'correct'" in r.json()["error"]["message"]


def test_feedback_unknown_recommendation_is_404(client, analysis):
    r = post(client, target="recommendation", verdict="not_helpful", recommendation_id="no-such-entry")
    assert r.status_code == 404 and r.json()["error"]["code"] == "knowledge_entry_not_found"


def test_feedback_export_is_jsonl_that_talktrack_eval_accepts(client, analysis):
    found = [o["type"] for o in analysis["objections"]]
    assert found, "the transcript raises at least one objection"
    missing = next(o for o in OBJECTIONS if o not in found)
    style = other(STYLES, analysis["style"]["label"])
    emotion = other(EMOTIONS, analysis["emotion"]["label"])
    for body in ({"target": "style", "verdict": "wrong", "label": style},
                 {"target": "emotion", "verdict": "wrong", "label": emotion},
                 {"target": "objection", "verdict": "wrong", "predicted": found[0]},
                 {"target": "objection", "verdict": "missing", "label": missing}):
        assert post(client, analysis_id=analysis["id"], **body).status_code == 201
    # A rating is not a label: it stays out of the export.
    post(client, target="recommendation", verdict="helpful", recommendation_id=analysis["recommendation_id"])
    r = client.get("/api/v1/feedback/export")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-ndjson")
    assert "attachment" in r.headers["content-disposition"]
    lines = [json.loads(line) for line in r.text.splitlines() if line.strip()]
    assert lines == [{"text": TRANSCRIPT, "style": style, "emotion": emotion,
                      "objection": sorted([*found[1:], missing])}]
    assert check_line(1, lines[0]) is None


def test_feedback_export_gives_only_the_fields_corrected_and_the_latest_verdict(client, analysis):
    first, second = [s for s in STYLES if s != analysis["style"]["label"]][:2]
    post(client, target="style", verdict="wrong", label=first, analysis_id=analysis["id"])
    post(client, target="style", verdict="wrong", label=second, analysis_id=analysis["id"])
    lines = [json.loads(line) for line in client.get("/api/v1/feedback/export").text.splitlines()]
    assert lines == [{"text": TRANSCRIPT, "style": second}]


def test_feedback_export_is_empty_without_corrections(client):
    r = client.get("/api/v1/feedback/export")
    assert r.status_code == 200 and r.text == ""


def test_render_fills_a_talk_track_in_the_other_language(client, analysis):
    rid = analysis["recommendation_id"]
    r = client.get(f"/api/v1/knowledge/{rid}/render", params={"lang": "zh", "conversation_id": analysis["conversation_id"]})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["lang"] == "zh" and any("\u4e00" <= ch <= "\u9fff" for ch in body["text"])
    assert "{{" not in body["text"]
    assert client.get("/api/v1/knowledge/nope/render").status_code == 404
    r = client.get(f"/api/v1/knowledge/{rid}/render", params={"conversation_id": "nope"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "conversation_not_found"
    r = client.get(f"/api/v1/knowledge/{rid}/render", params={"lang": "fr"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "validation_error"


def test_pages_are_html_with_a_strict_content_security_policy(client):
    for path in ("/", "/knowledge", "/admin/feedback", "/static/app.js", "/api/v1/feedback"):
        r = client.get(path)
        assert r.status_code == 200, path
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
    r = client.get("/customers/nobody")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "No customer with id" in r.text and "content-security-policy" in r.headers
    r = client.get("/api/v1/customers/nobody")
    assert r.status_code == 404 and r.json()["error"]["code"] == "customer_not_found"
