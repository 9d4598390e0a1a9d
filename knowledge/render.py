"""Filling a talk track with the customer's own context, safely.

Templates run in Jinja2's sandbox; a slot the rep did not give falls back to the
entry's natural default phrase, so the output never shows `{{ feature }}` or a gap.
"""
from __future__ import annotations

import re
from functools import lru_cache

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from knowledge.schemas import Entry

_ENV = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
_BRACES = re.compile(r"[{}]")


def slot_values(entry: Entry, lang: str, slots: dict[str, str] | None) -> dict[str, str]:
    slots = slots or {}
    values = {}
    for name, default in entry.variables.items():
        given = slots.get(name)
        # A slot is data, never template source: braces in it are dropped, not evaluated.
        given = _BRACES.sub("", given).strip() if isinstance(given, str) else ""
        values[name] = given or default.get(lang)
    return values


@lru_cache(maxsize=4096)
def _compiled(source: str):
    # Compiling costs far more than rendering, and the same few hundred templates are rendered
    # on every request; keyed by the source, so a reloaded entry with new text compiles afresh.
    return _ENV.from_string(source)


def render(entry: Entry, lang: str, slots: dict[str, str] | None = None) -> str:
    """The entry's template (or body) in `lang`, with slots filled."""
    source = (entry.template or entry.body).get(lang)  # type: ignore[union-attr]
    text = _compiled(source).render(**slot_values(entry, lang, slots))
    return re.sub(r"[ \t]+\n", "\n", text).strip()
