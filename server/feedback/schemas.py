from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr, model_validator

from nlp.labels import names

Target = Literal["style", "emotion", "objection", "recommendation"]
Verdict = Literal["correct", "wrong", "missing", "helpful", "not_helpful"]

# Which verdicts each target takes.
VERDICTS: dict[str, tuple[str, ...]] = {
    "style": ("correct", "wrong"),
    "emotion": ("correct", "wrong"),
    "objection": ("correct", "wrong", "missing"),
    "recommendation": ("helpful", "not_helpful"),
}


def _ident():
    return Field(None, min_length=1, max_length=100, pattern=r"^[\w.-]+$")



class FeedbackBase(BaseModel):
    target: Target
    verdict: Verdict
    analysis_id: StrictStr | None = _ident()
    conversation_id: StrictStr | None = _ident()
    label: StrictStr | None = Field(None, description="The right label (style, emotion or objection).")
    predicted: StrictStr | None = Field(
        None, description="For an objection marked correct or wrong: which of the card's objections. "
                          "For style and emotion it is read from the analysis.")
    recommendation_id: StrictStr | None = _ident()
    comment: StrictStr | None = Field(None, max_length=2000)


class FeedbackCreate(FeedbackBase):
    """Correct or confirm a label of an analysis, or rate a recommendation.

    - style / emotion: `verdict` "wrong" with the right `label`, or "correct".
    - objection: "wrong" with `predicted` (the objection that is not one; `label` optionally names the right one),
      "missing" with `label`, or "correct" with `predicted`.
    - recommendation: "helpful" or "not_helpful" with `recommendation_id`.
    """

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _consistent(self) -> "FeedbackCreate":
        allowed = VERDICTS[self.target]
        if self.verdict not in allowed:
            raise ValueError(f"verdict {self.verdict!r} does not apply to {self.target}; choose one of: {', '.join(allowed)}")
        if self.target == "recommendation":
            if not self.recommendation_id:
                raise ValueError("recommendation_id is required to rate a recommendation")
            if self.label is not None or self.predicted is not None:
                raise ValueError("label and predicted are for style, emotion and objection feedback, not recommendations")
            return self
        if not self.analysis_id:
            raise ValueError(f"analysis_id is required for {self.target} feedback")
        if self.recommendation_id is not None:
            raise ValueError("recommendation_id is only for target 'recommendation'")
        valid = names(self.target)
        for name in ("label", "predicted"):
            value = getattr(self, name)
            if value is not None and value not in valid:
                raise ValueError(f"unknown {self.target} {value!r} in {name}; choose one of: {', '.join(valid)}")
        if self.target in ("style", "emotion"):
            if self.predicted is not None:
                raise ValueError(f"leave predicted out for {self.target}: it is read from the analysis")
            if self.verdict == "wrong" and self.label is None:
                raise ValueError(f"label is required: which {self.target} is right? choose one of: {', '.join(valid)}")
            if self.verdict == "correct" and self.label is not None:
                raise ValueError("leave label out when confirming: the analysis's label is the one confirmed")
        else:
            if self.verdict in ("wrong", "correct") and self.predicted is None:
                raise ValueError(f"predicted is required: which of the card's objections is {self.verdict}?")
            if self.verdict == "missing" and (self.label is None or self.predicted is not None):
                raise ValueError("a missing objection gives label (the objection that was missed) and no predicted")
            if self.verdict == "correct" and self.label is not None:
                raise ValueError("leave label out when confirming an objection")
            if self.verdict == "wrong" and self.label is not None and self.label == self.predicted:
                raise ValueError("label names the right objection instead of predicted; it cannot be the same one")
        return self


class FeedbackRead(FeedbackBase):
    model_config = ConfigDict(from_attributes=True)

    id: str
    created_at: datetime
    analysis_text: str | None = Field(None, description="The start of the analysed text, for reviewing.")


class FeedbackList(BaseModel):
    total: int
    items: list[FeedbackRead]
