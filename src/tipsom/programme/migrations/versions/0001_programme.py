"""The programme database: events, participants by code, answers, imports, follow-ups.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(100), nullable=False, unique=True),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("first_day", sa.String(10)),
        sa.Column("last_day", sa.String(10)),
        sa.Column("dates", sa.String(200)),
        sa.Column("audiences", sa.String(500), nullable=False),
        sa.Column("trainers", sa.String(500), nullable=False),
    )
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("audience", sa.String(64), nullable=False),
        sa.Column("sex", sa.String(16), nullable=False),
        sa.Column("organisation", sa.String(300), nullable=False),
        sa.UniqueConstraint("event_id", "code", name="uq_participants_event_code"),
    )
    op.create_table(
        "answers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("participant", sa.String(32), nullable=False),
        sa.Column("scenario", sa.String(200), nullable=False),
        sa.Column("question", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("form", sa.String(20)),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("time", sa.String(40), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("record", sa.Text, nullable=False),
        sa.UniqueConstraint("event_id", "digest", name="uq_answers_event_digest"),
    )
    op.create_index("ix_answers_event", "answers", ["event_id"])
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("folder", sa.String(1000), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("added", sa.Integer, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
    )
    op.create_table(
        "followups",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
        sa.Column("participant", sa.String(32), nullable=False),
        sa.Column("submission", sa.String(100), nullable=False),
        sa.Column("question", sa.String(100), nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.UniqueConstraint("submission", "question", name="uq_followups_submission_question"),
    )
    op.create_index("ix_followups_event", "followups", ["event_id"])


def downgrade() -> None:
    op.drop_table("followups")
    op.drop_table("imports")
    op.drop_table("answers")
    op.drop_table("participants")
    op.drop_table("events")
