"""The /api/v1/analyze contract, its errors, persistence and the customer profile."""
import pytest

from nlp.labels import EMOTIONS, OBJECTIONS, STYLES

pytestmark = pytest.mark.slow

ANALYTICAL_WITH_CHEERFUL_REP = (
    "Rep: Hi!!! So great to meet you, this is going to be AMAZING, I love your brand!!!\n"
    "Customer: Before anything else I need the technical specification and the test methodology.\n"
    "Rep: Oh totally, you're going to love it, our customers are thrilled!!\n"
    "Customer: Please send the benchmark data for comparable deployments, with sample sizes and error rates.\n"
    "Rep: Awesome!!! Will do!!!\n"
    "Customer: I will review the documentation line by line and compare it with our current process before we proceed."
)


def test_analyze_returns_every_field_of_the_contract(client):
    r = client.post("/api/v1/analyze", json={"text": ANALYTICAL_WITH_CHEERFUL_REP})
    assert r.status_code == 200, r.text
    a = r.json()
    assert isinstance(a["id"], str) and a["language"] == "en" and a["input_kind"] == "transcript"
    assert [s["role"] for s in a["segments"]] == ["rep", "customer"] * 3
    assert all(set(s) >= {"index", "speaker", "role", "text", "lang"} for s in a["segments"])
    style = a["style"]
    assert set(style["scores"]) == set(STYLES)
    assert abs(sum(style["scores"].values()) - 1) < 1e-3
    assert style["label"] == max(style["scores"], key=style["scores"].get)
    assert 0 <= style["confidence"] <= 1
    for ev in style["evidence"]:
        assert set(ev) == {"segment", "text", "cues", "weight"}
    emotion = a["emotion"]
    assert set(emotion["scores"]) == set(EMOTIONS)
    assert abs(sum(emotion["scores"].values()) - 1) < 1e-3
    assert 0 <= emotion["intensity"] <= 1 and -1 <= emotion["valence"] <= 1
    assert emotion["escalation_risk"] in ("low", "medium", "high")
    assert [p["segment"] for p in emotion["trajectory"]] == [1, 3, 5]
    for o in a["objections"]:
        assert o["type"] in OBJECTIONS and 0 <= o["confidence"] <= 1 and o["evidence"]
        assert a["objection_scores"][o["type"]] == o["confidence"]
    assert set(a["objection_scores"]) == set(OBJECTIONS)
    assert all(0 <= p <= 1 for p in a["objection_scores"].values())
    assert a["timing_ms"] > 0


def test_analyze_reads_style_from_the_customer_not_the_cheerful_rep(client):
    a = client.post("/api/v1/analyze", json={"text": ANALYTICAL_WITH_CHEERFUL_REP}).json()
    assert a["style"]["label"] == "analytical"
    customer_segments = {s["index"] for s in a["segments"] if s["role"] == "customer"}
    assert a["style"]["evidence"], "an answer without evidence cannot be checked by the rep"
    assert {e["segment"] for e in a["style"]["evidence"]} <= customer_segments


def test_analyze_chinese_transcript(client):
    text = "客户：你们这个系统多少钱？别绕弯子，直接报价。\n销售：您好呀～我们有好几个套餐，我慢慢给您介绍哈！\n客户：我没时间听介绍，今天能给个总价就今天定。"
    a = client.post("/api/v1/analyze", json={"text": text}).json()
    assert a["language"] == "zh"
    assert a["style"]["label"] == "driver"
    assert all(s["lang"] == "zh" for s in a["segments"])


def test_analyze_finds_a_price_objection_with_its_evidence(client):
    text = "Customer: Honestly it's way over our budget. Your competitor quoted half of that.\nRep: I see."
    a = client.post("/api/v1/analyze", json={"text": text}).json()
    types = {o["type"] for o in a["objections"]}
    assert "price" in types
    price = next(o for o in a["objections"] if o["type"] == "price")
    assert price["evidence"][0]["segment"] == 0


def test_analyze_notes_are_read_as_about_the_customer(client):
    a = client.post("/api/v1/analyze", json={"text": "Met Li, the IT director. She wanted a line-by-line comparison "
                                                     "of specs and the raw benchmark data before any further meeting."}).json()
    assert a["input_kind"] == "notes"
    assert a["style"]["label"] == "analytical"


def test_analyze_saved_result_round_trips(client):
    a = client.post("/api/v1/analyze", json={"text": "客户：东西坏了三次了，我要投诉！", "customer_id": "c-1"}).json()
    got = client.get(f"/api/v1/analyses/{a['id']}")
    assert got.status_code == 200
    assert got.json()["style"] == a["style"] and got.json()["customer_id"] == "c-1"


def test_analyze_save_false_stores_nothing(client):
    a = client.post("/api/v1/analyze", json={"text": "Customer: ok", "save": False}).json()
    assert a["id"] is None


def test_analyses_unknown_id_is_a_json_404(client):
    r = client.get("/api/v1/analyses/nope")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "analysis_not_found"


@pytest.mark.parametrize("body, code", [
    ({"text": ""}, "validation_error"),
    ({"text": "   \n\t "}, "validation_error"),
    ({}, "validation_error"),
    ({"text": 42}, "validation_error"),
    ({"text": ["a"]}, "validation_error"),
    ({"text": "hi", "lang": "fr"}, "validation_error"),
    ({"text": "hi", "customer_id": ""}, "validation_error"),
    ({"text": "hi", "save": "yes"}, "validation_error"),
])
def test_analyze_bad_input_is_a_422_saying_what_is_wrong(client, body, code):
    r = client.post("/api/v1/analyze", json=body)
    assert r.status_code == 422
    err = r.json()["error"]
    assert err["code"] == code and err["message"]


def test_analyze_malformed_json_is_422(client):
    r = client.post("/api/v1/analyze", content=b'{"text": "hi"', headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_json"


def test_analyze_non_utf8_body_is_422(client):
    r = client.post("/api/v1/analyze", content='{"text": "价格太贵"}'.encode("gbk"),
                    headers={"content-type": "application/json"})
    assert r.status_code == 422
    assert r.json()["error"]["code"] in ("invalid_encoding", "invalid_json")


def test_analyze_text_over_the_limit_is_413(client):
    r = client.post("/api/v1/analyze", json={"text": "a" * 20_001})
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "text_too_long"
    assert r.json()["error"]["details"]["limit"] == 20_000


@pytest.mark.parametrize("text", [
    "?", "!!!", "12345", "😀😀😀", "\u200b x", "Customer:", "客户：\n客服：", "a" * 20_000, "<script>alert(1)</script>",
    "Customer: " + "very " * 3000,
])
def test_analyze_never_fails_on_odd_input(client, text):
    r = client.post("/api/v1/analyze", json={"text": text, "save": False})
    assert r.status_code in (200, 422), r.text


def test_customer_profile_accumulates_and_follows_recent_conversations(client):
    cid = "acme-dana"
    analytical = ("Customer: Send me the full specification and the benchmark methodology. "
                  "I need to compare error rates line by line before deciding.")
    driver = "Customer: Skip the details. Price, go-live date, yes or no. I decide today."
    ids = [client.post("/api/v1/analyze", json={"text": analytical, "customer_id": cid}).json()["id"]]
    p1 = client.get(f"/api/v1/customers/{cid}").json()
    assert p1["style"]["label"] == "analytical" and p1["style"]["based_on"] == 1
    for _ in range(4):
        ids.append(client.post("/api/v1/analyze", json={"text": driver, "customer_id": cid}).json()["id"])
    p2 = client.get(f"/api/v1/customers/{cid}").json()
    assert p2["style"]["label"] == "driver", "recent conversations should move the profile"
    assert p2["style"]["scores"]["analytical"] > 0.05, "older conversations still count"
    assert [a["id"] for a in p2["analyses"]] == ids
    assert len(p2["last_emotions"]) == 5


def test_customer_profile_lists_objections_raised_so_far(client):
    cid = "shop-7"
    client.post("/api/v1/analyze", json={"text": "Customer: It's too expensive for us right now.", "customer_id": cid})
    client.post("/api/v1/analyze", json={"text": "客户：我得回去跟老板汇报一下，他拍板。", "customer_id": cid})
    objs = {o["type"] for o in client.get(f"/api/v1/customers/{cid}").json()["objections"]}
    assert {"price", "authority"} <= objs


def test_customer_unknown_is_404(client):
    r = client.get("/api/v1/customers/ghost")
    assert r.status_code == 404 and r.json()["error"]["code"] == "customer_not_found"


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    r = client.get("/readyz")
    assert r.status_code == 200 and r.json()["models"]["encoder"] == "use"


def test_openapi_docs_are_served(client):
    assert client.get("/docs").status_code == 200
    assert "/api/v1/analyze" in client.get("/openapi.json").json()["paths"]
