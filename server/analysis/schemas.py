from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, field_validator

Lang = Literal["auto", "en", "zh"]


class TextIn(BaseModel):
    """What every endpoint that reads a customer's words accepts."""

    model_config = ConfigDict(extra="forbid")

    text: StrictStr = Field(description="A transcript or a rep's notes, up to 20,000 characters.")
    lang: Lang = "auto"
    customer_id: StrictStr | None = Field(None, min_length=1, max_length=128, pattern=r"^[\w.@:+-]+$")

    @field_validator("text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("text is empty; paste a conversation or notes about the customer")
        return v


class AnalyzeIn(TextIn):
    save: StrictBool = True


class SegmentOut(BaseModel):
    index: int
    speaker: str | None
    role: Literal["customer", "rep", "unknown"]
    text: str
    lang: Literal["en", "zh"]
    timestamp: str | None = None


class SpeakerOut(BaseModel):
    speaker: str
    role: Literal["customer", "rep", "unknown"]
    reason: str


class EvidenceOut(BaseModel):
    segment: int
    text: str
    cues: list[str]
    weight: float


class StyleOut(BaseModel):
    label: Literal["analytical", "driver", "expressive", "amiable", "critical"]
    confidence: float = Field(ge=0, le=1)
    scores: dict[str, float]
    evidence: list[EvidenceOut]


class TrajectoryOut(BaseModel):
    segment: int
    label: str
    intensity: float = Field(ge=0, le=1)


class EmotionOut(BaseModel):
    label: Literal["anger", "frustration", "anxiety", "confusion", "disappointment", "satisfaction", "excitement", "neutral"]
    intensity: float = Field(ge=0, le=1)
    valence: float = Field(ge=-1, le=1)
    scores: dict[str, float]
    trajectory: list[TrajectoryOut]
    escalation_risk: Literal["low", "medium", "high"]
    escalation_signals: list[str] = []
    escalation_details: list[dict] = Field([], description="The signals as {code, …parameters}: threat, latest_turn, repeated, rising.")


class ObjectionEvidenceOut(BaseModel):
    segment: int
    text: str


class ObjectionOut(BaseModel):
    type: Literal["price", "timing", "authority", "need", "trust", "competitor", "product_fit"]
    confidence: float = Field(ge=0, le=1)
    evidence: list[ObjectionEvidenceOut]


class AnalysisOut(BaseModel):
    id: str | None = Field(description="Null when the request asked not to save it.")
    customer_id: str | None = None
    created_at: datetime | None = None
    language: Literal["en", "zh", "mixed"]
    input_kind: Literal["transcript", "notes"]
    segments: list[SegmentOut]
    speakers: list[SpeakerOut] = Field(description="How each speaker's role was decided.")
    style: StyleOut
    emotion: EmotionOut
    objections: list[ObjectionOut]
    objection_scores: dict[str, float] = Field({}, description="Every objection type's probability, including those "
                                                "under their thresholds (the coach hedges on a near miss).")
    timing_ms: float
    model_versions: dict[str, str]
