"""Global fixtures: the real pipeline loaded once, and an app on a throw-away database."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

logging.getLogger("jieba").setLevel(logging.WARNING)


@pytest.fixture(scope="session")
def pipeline():
    from nlp.pipeline import Pipeline

    return Pipeline.load("use")


@pytest.fixture()
def settings(tmp_path: Path):
    from server.config import Settings

    return Settings(env="test", database_url=f"sqlite:///{tmp_path / 'test.db'}")


@pytest.fixture()
def client(settings, pipeline):
    from fastapi.testclient import TestClient

    from server.main import create_app

    with TestClient(create_app(settings, pipeline=pipeline)) as c:
        yield c
