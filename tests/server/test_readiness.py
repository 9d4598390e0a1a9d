"""/readyz tells loading from ready, and a failed load is reported, not hidden."""
import time

from fastapi.testclient import TestClient

from server.main import create_app


def test_readiness_reports_a_failed_model_load(settings, tmp_path):
    bad = settings.model_copy(update={"models_dir": tmp_path / "no-models"})
    with TestClient(create_app(bad)) as c:
        assert c.get("/healthz").status_code == 200
        deadline = time.time() + 30
        while c.app.state.models.done.is_set() is False and time.time() < deadline:
            time.sleep(0.05)
        r = c.get("/readyz")
        assert r.status_code == 503
        assert r.json()["error"]["code"] == "models_failed"
        assert "talktrack train" in r.json()["error"]["message"]
        r = c.post("/api/v1/analyze", json={"text": "hello"})
        assert r.status_code == 503 and r.json()["error"]["code"] == "models_failed"


def test_unknown_route_uses_the_error_shape(client):
    r = client.get("/api/v1/nothing-here")
    assert r.status_code == 404
    assert set(r.json()["error"]) == {"code", "message", "details"}
