from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator


class SessionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scenario_id: StrictStr = Field(min_length=1, max_length=100)
    trainee: StrictStr = Field(min_length=1, max_length=100)
    lang: Literal["en", "zh"] = "en"
    seed: int | None = Field(None, ge=0, lt=1 << 30, description="Replays the same customer lines; random when omitted.")

    @field_validator("trainee")
    @classmethod
    def _trainee_not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("trainee is empty; give the trainee's name or id")
        return v.strip()


class TurnIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: StrictStr = Field(max_length=4000)

    @field_validator("text")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("the reply is empty; write what you would say to the customer")
        return v


class SessionOut(BaseModel):
    id: str
    scenario: dict
    customer_message: str
    state: dict
    done: bool


class TurnOut(BaseModel):
    customer_message: str
    turn_score: dict
    feedback: list[str]
    better_line: str
    state: dict
    done: bool
    outcome: str | None
