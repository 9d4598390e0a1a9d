"""role-play sessions and turns

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roleplay_sessions",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("scenario_id", sa.String(100), nullable=False),
        sa.Column("trainee", sa.String(100), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("opening", sa.Text, nullable=False),
        sa.Column("state", sa.JSON, nullable=False),
        sa.Column("done", sa.Boolean, nullable=False),
        sa.Column("outcome", sa.String(16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_roleplay_sessions_scenario_id", "roleplay_sessions", ["scenario_id"])
    op.create_index("ix_roleplay_sessions_trainee", "roleplay_sessions", ["trainee"])
    op.create_index("ix_roleplay_sessions_created_at", "roleplay_sessions", ["created_at"])
    op.create_table(
        "roleplay_turns",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("session_id", sa.String(36), sa.ForeignKey("roleplay_sessions.id"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("trainee_text", sa.Text, nullable=False),
        sa.Column("customer_message", sa.Text, nullable=False),
        sa.Column("score", sa.JSON, nullable=False),
        sa.Column("feedback", sa.JSON, nullable=False),
        sa.Column("better_line", sa.Text, nullable=False),
        sa.Column("state", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_roleplay_turns_session_id", "roleplay_turns", ["session_id"])


def downgrade() -> None:
    op.drop_table("roleplay_turns")
    op.drop_table("roleplay_sessions")
