from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from server.customers.models import utcnow
from server.db import Base


class Feedback(Base):
    """A rep's verdict on one part of a coaching card: a label corrected or confirmed, a recommendation rated."""

    __tablename__ = "feedback"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: uuid.uuid4().hex)
    target: Mapped[str] = mapped_column(String(16), index=True)  # style | emotion | objection | recommendation
    verdict: Mapped[str] = mapped_column(String(16))  # correct | wrong | missing | helpful | not_helpful
    analysis_id: Mapped[str | None] = mapped_column(ForeignKey("analyses.id"), index=True, nullable=True)
    conversation_id: Mapped[str | None] = mapped_column(ForeignKey("conversations.id"), nullable=True)
    predicted: Mapped[str | None] = mapped_column(String(32), nullable=True)  # what the card showed
    label: Mapped[str | None] = mapped_column(String(32), nullable=True)  # what the rep says is right
    recommendation_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
