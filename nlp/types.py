"""The types that cross the boundary between nlp and its callers."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

Role = Literal["customer", "rep", "unknown"]
Lang = Literal["en", "zh"]


@dataclass
class Segment:
    """One turn of a transcript (or one line of notes)."""

    index: int
    text: str
    role: Role
    lang: Lang
    speaker: str | None = None
    timestamp: str | None = None


@dataclass
class SpeakerRole:
    """How a named speaker's role was decided, so the rep can check it."""

    speaker: str
    role: Role
    reason: str


@dataclass
class ParsedText:
    input_kind: Literal["transcript", "notes"]
    segments: list[Segment]
    speakers: list[SpeakerRole] = field(default_factory=list)

    def about_customer(self) -> list[Segment]:
        """Segments that speak for the customer: their own turns, or all of a rep's notes.

        When no speaker could be told apart as the customer, every non-rep turn is used
        rather than nothing.
        """
        if self.input_kind == "notes":
            return list(self.segments)
        customer = [s for s in self.segments if s.role == "customer"]
        return customer or [s for s in self.segments if s.role != "rep"]


@dataclass
class Sentence:
    segment: int
    text: str
    lang: Lang


@dataclass
class Evidence:
    segment: int
    text: str
    cues: list[str] = field(default_factory=list)
    weight: float = 0.0


@dataclass
class StyleResult:
    label: str
    confidence: float
    scores: dict[str, float]
    evidence: list[Evidence]


@dataclass
class TrajectoryPoint:
    segment: int
    label: str
    intensity: float


@dataclass
class EmotionResult:
    label: str
    intensity: float
    valence: float
    scores: dict[str, float]
    trajectory: list[TrajectoryPoint]
    escalation_risk: Literal["low", "medium", "high"]
    escalation_signals: list[str] = field(default_factory=list)
    # The same signals as codes with parameters, so an interface can say them in its own language.
    escalation_details: list[dict] = field(default_factory=list)


@dataclass
class ObjectionEvidence:
    segment: int
    text: str


@dataclass
class ObjectionResult:
    type: str
    confidence: float
    evidence: list[ObjectionEvidence]


@dataclass
class Analysis:
    language: Literal["en", "zh", "mixed"]
    input_kind: Literal["transcript", "notes"]
    segments: list[Segment]
    speakers: list[SpeakerRole]
    style: StyleResult
    emotion: EmotionResult
    objections: list[ObjectionResult]
    timing_ms: float
    model_versions: dict[str, str]
    objection_scores: dict[str, float] = field(default_factory=dict)  # every label's probability

    def to_dict(self) -> dict:
        return asdict(self)
