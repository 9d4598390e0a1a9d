from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

from server.analysis.schemas import AnalysisOut, TextIn


class CoachContext(BaseModel):
    """Slots a rep may give up front; anything else they add is kept and offered to templates."""

    model_config = ConfigDict(extra="allow")

    customer_name: StrictStr | None = Field(None, max_length=100)
    product: StrictStr | None = Field(None, max_length=100)
    feature: StrictStr | None = Field(None, max_length=100)
    competitor: StrictStr | None = Field(None, max_length=100)
    industry: StrictStr | None = Field(None, max_length=100)


class CoachIn(TextIn):
    conversation_id: StrictStr | None = Field(None, min_length=1, max_length=64, pattern=r"^[\w.-]+$")
    context: CoachContext | None = None


class RequestOut(BaseModel):
    technique: str | None
    objection: str | None
    style: str | None
    emotion: str | None
    slots: dict[str, str]


class RecommendationOut(BaseModel):
    id: str
    kind: str
    title: str
    why: str
    text: str
    tags: dict[str, list[str]]
    score: float


class CoachOut(BaseModel):
    conversation_id: str
    intent: Literal["analysis", "request"]
    language: Literal["en", "zh"] = Field(description="The language the recommendations are written in.")
    analysis: AnalysisOut | None
    request: RequestOut | None
    recommendations: list[RecommendationOut]
    follow_ups: list[str]


class MessageOut(BaseModel):
    seq: int
    role: str
    text: str
    intent: str | None
    analysis_id: str | None
    payload: dict
    created_at: datetime


class ConversationOut(BaseModel):
    id: str
    customer_id: str | None
    title: str
    state: dict
    created_at: datetime
    updated_at: datetime
    messages: list[MessageOut]


class ConversationSummary(BaseModel):
    id: str
    customer_id: str | None
    title: str
    updated_at: datetime
