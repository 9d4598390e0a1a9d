"""Jinja2 templates for the web pages, and what every page is given."""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from fastapi.templating import Jinja2Templates

from knowledge.vocab import KINDS, TECHNIQUES
from nlp.labels import LABEL_SETS
from nlp.skills import SKILLS

FRONTEND = Path(__file__).resolve().parent.parent.parent / "frontend"
TEMPLATES_DIR = FRONTEND / "templates"
STATIC_DIR = FRONTEND / "static"

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))


@lru_cache
def asset_version() -> str:
    """Changes when any static file changes, so browsers never run a stale script against a new page."""
    h = hashlib.sha256()
    for p in sorted(STATIC_DIR.rglob("*")):
        if p.is_file():
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:10]


def static_url(path: str) -> str:
    return f"/static/{path}?v={asset_version()}"


templates.env.globals["static_url"] = static_url


def page_data() -> dict:
    """Label display names (from nlp.labels, never rewritten here), the knowledge vocabularies and the
    role-play skills in their canonical order (so every page draws them in the same order and colour)."""
    return {
        "labels": {task: [{"name": l.name, "en": l.en, "zh": l.zh, "valence": l.valence} for l in labels]
                   for task, labels in LABEL_SETS.items()},
        "kinds": list(KINDS),
        "techniques": list(TECHNIQUES),
        "skills": list(SKILLS),
    }


def context(page: str, **extra) -> dict:
    return {"page": page, "data": page_data(), **extra}
