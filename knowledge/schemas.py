"""The shape of a knowledge entry, validated strictly (unknown fields are errors)."""
from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from knowledge.vocab import KINDS, METHODS, TAG_VOCAB, TEMPLATE_KINDS


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(Strict):
    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Tags(Strict):
    styles: list[str] = []
    emotions: list[str] = []
    objections: list[str] = []
    techniques: list[str] = []
    stages: list[str] = []
    segments: list[str] = []
    channels: list[str] = []

    @model_validator(mode="after")
    def _known_values(self) -> "Tags":
        for name, allowed in TAG_VOCAB.items():
            unknown = [v for v in getattr(self, name) if v not in allowed]
            if unknown:
                raise ValueError(f"unknown {name} tag(s) {unknown}; allowed: {', '.join(allowed)}")
        return self

    def values(self, name: str) -> list[str]:
        return getattr(self, name)


Kind = Literal[KINDS]  # type: ignore[valid-type]
Method = Literal[METHODS]  # type: ignore[valid-type]


class Entry(Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{2,80}$")
    kind: Kind
    title: Bilingual
    body: Bilingual | None = None
    template: Bilingual | None = None
    when_to_use: Bilingual | None = None
    method: Method | None = None
    tags: Tags = Tags()
    variables: dict[str, Bilingual] = {}
    source: str = Field(min_length=1)
    notes: str | None = None

    @field_validator("variables")
    @classmethod
    def _variable_names(cls, v: dict) -> dict:
        bad = [k for k in v if not re.fullmatch(r"[a-z][a-z0-9_]*", k)]
        if bad:
            raise ValueError(f"variable names must be lower_snake_case: {bad}")
        return v

    @model_validator(mode="after")
    def _kind_rules(self) -> "Entry":
        if self.kind in TEMPLATE_KINDS and self.template is None:
            raise ValueError(f"a {self.kind} entry needs a template (the words a rep sends)")
        if self.body is None and self.template is None:
            raise ValueError("an entry needs a body, a template or both")
        if self.kind == "objection_response":
            if self.method is None:
                raise ValueError(f"an objection_response names its method, one of: {', '.join(METHODS)}")
            if not self.tags.objections:
                raise ValueError("an objection_response is tagged with the objection(s) it answers")
        return self

    def text(self, lang: str) -> str:
        """Everything a search should see in one language."""
        parts = [self.title.get(lang)]
        for field in (self.when_to_use, self.body, self.template):
            if field is not None:
                parts.append(field.get(lang))
        return "\n".join(parts)
