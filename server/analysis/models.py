from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.customers.models import Customer, utcnow
from server.db import Base


class Analysis(Base):
    __tablename__ = "analyses"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: uuid.uuid4().hex)
    seq: Mapped[int] = mapped_column(Integer, index=True, default=0)  # creation order within a customer
    customer_id: Mapped[str | None] = mapped_column(ForeignKey("customers.id"), index=True, nullable=True)
    input_text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    input_kind: Mapped[str] = mapped_column(String(16))
    result: Mapped[dict] = mapped_column(JSON)
    model_versions: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)

    customer: Mapped[Customer | None] = relationship(back_populates="analyses")
