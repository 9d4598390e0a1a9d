"""Role-play scenarios: the simulated customer's persona, hidden objections and every line they say,
in English and Chinese. Validated like every other knowledge file."""
from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, model_validator

from knowledge.schemas import Bilingual, Strict
from knowledge.vocab import STAGES
from nlp.labels import EMOTIONS, OBJECTIONS, STYLES

Style = Literal[STYLES]  # type: ignore[valid-type]
Emotion = Literal[EMOTIONS]  # type: ignore[valid-type]
ObjectionType = Literal[OBJECTIONS]  # type: ignore[valid-type]
Stage = Literal[STAGES]  # type: ignore[valid-type]


class Lines(Strict):
    """Variants of one thing the customer says; the simulator picks one so two runs differ."""

    en: list[str] = Field(min_length=2)
    zh: list[str] = Field(min_length=2)

    @model_validator(mode="after")
    def _non_empty(self) -> "Lines":
        if any(not s.strip() for s in (*self.en, *self.zh)):
            raise ValueError("a line is empty")
        return self

    def get(self, lang: str) -> list[str]:
        return self.zh if lang == "zh" else self.en


class Persona(Strict):
    name: Bilingual
    role: Bilingual
    company: Bilingual
    industry: str = Field(min_length=2)
    style: Style
    emotion: Emotion
    patience: int = Field(ge=1, le=6)


class Cues(Strict):
    """Phrases (regular expressions, case-insensitive) this customer hears as the answer they want."""

    en: list[str] = Field(min_length=1)
    zh: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _compiles(self) -> "Cues":
        for pattern in (*self.en, *self.zh):
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"listen_for pattern {pattern!r} is not a valid regular expression: {exc}") from None
        return self

    def heard(self, text: str, lang: str) -> bool:
        return any(re.search(p, text, re.I) for p in (self.zh if lang == "zh" else self.en))


class HiddenObjection(Strict):
    type: ObjectionType
    reveal_after: int = Field(ge=0)
    raise_: Lines = Field(alias="raise")
    pushback: Lines
    accepted: Lines
    # For an objection whose answer is particular to this customer (a customer who no longer wants the
    # product needs to hear the rep respect that, not a pitch): the generic detector may not know it.
    listen_for: Cues | None = None


class Reactions(Strict):
    good: Lines
    poor: Lines
    off_style: Lines
    avoid_phrase: Lines


class Scenario(Strict):
    id: str = Field(pattern=r"^roleplay-[a-z0-9-]{3,80}$")
    kind: Literal["roleplay"]
    title: Bilingual
    track: Literal["sales", "service"]
    stage: Stage
    persona: Persona
    situation: Bilingual
    goal: Bilingual
    max_turns: int = Field(ge=3, le=20)
    opening: Lines
    objections: list[HiddenObjection] = Field(min_length=1, max_length=4)
    reactions: Reactions
    agreement: Lines
    walk_away: Lines
    better_lines: dict[str, Bilingual]
    source: str = Field(min_length=1)
    notes: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "Scenario":
        reveals = [o.reveal_after for o in self.objections]
        if reveals != sorted(set(reveals)):
            raise ValueError(f"objections must be revealed in strictly increasing order, got reveal_after {reveals}")
        if reveals[-1] >= self.max_turns:
            raise ValueError(f"an objection revealed after turn {reveals[-1]} never comes up within max_turns {self.max_turns}")
        needed = {"general", *(o.type for o in self.objections)}
        missing = needed - set(self.better_lines)
        if missing:
            raise ValueError(f"better_lines needs a line for: {', '.join(sorted(missing))}")
        return self
