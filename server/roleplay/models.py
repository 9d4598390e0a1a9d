from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.customers.models import utcnow
from server.db import Base


class RoleplaySession(Base):
    __tablename__ = "roleplay_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: uuid.uuid4().hex)
    scenario_id: Mapped[str] = mapped_column(String(100), index=True)
    trainee: Mapped[str] = mapped_column(String(100), index=True)
    lang: Mapped[str] = mapped_column(String(2))
    seed: Mapped[int] = mapped_column(Integer)
    opening: Mapped[str] = mapped_column(Text)
    state: Mapped[dict] = mapped_column(JSON)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    outcome: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    turns: Mapped[list["RoleplayTurn"]] = relationship(back_populates="session", order_by="RoleplayTurn.seq",
                                                       cascade="all, delete-orphan")


class RoleplayTurn(Base):
    __tablename__ = "roleplay_turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("roleplay_sessions.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    trainee_text: Mapped[str] = mapped_column(Text)
    customer_message: Mapped[str] = mapped_column(Text)
    score: Mapped[dict] = mapped_column(JSON)
    feedback: Mapped[list] = mapped_column(JSON)
    better_line: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    session: Mapped[RoleplaySession] = relationship(back_populates="turns")
