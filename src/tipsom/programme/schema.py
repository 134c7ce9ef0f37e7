"""The programme database's tables (SQLAlchemy Core), one schema for SQLite and PostgreSQL.

An event is one session folder's training, named by the folder (folders of one event from
several laptops merge into it). People are named by participant code only: names stay in the
attendance list. Answers are kept whole (the line the room or the paper import wrote) with a
digest of it, so importing the same folder twice adds nothing, and every figure is computed
again from them with the project's own scoring. The Alembic migrations in `migrations/` create
and change these tables; `tests/test_programme.py` checks the two agree.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, String, Table, Text, UniqueConstraint

metadata = MetaData()

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),   # the session folder's name
    Column("title", String(300), nullable=False),                # the programme's title
    Column("place", String(200), nullable=False),
    Column("first_day", String(10)),                             # ISO dates, from the answers' times
    Column("last_day", String(10)),
    Column("dates", String(200)),                                # as programme.yaml prints them, if set
    Column("audiences", String(500), nullable=False),            # comma-separated audience ids
    Column("trainers", String(500), nullable=False),             # facilitator roles of the programme
)

participants = Table(
    "participants", metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(32), nullable=False),
    Column("audience", String(64), nullable=False),
    Column("sex", String(16), nullable=False),
    Column("organisation", String(300), nullable=False),
    Column("district", String(100)),                             # from the list's optional column; NULL if not given
    UniqueConstraint("event_id", "code", name="uq_participants_event_code"),
)

answers = Table(
    "answers", metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("participant", String(32), nullable=False),
    Column("scenario", String(200), nullable=False),
    Column("question", String(200), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("form", String(20)),                                  # a parallel test form (A, B), if the answer names one
    Column("source", String(20), nullable=False),                # room or paper
    Column("time", String(40), nullable=False),
    Column("digest", String(64), nullable=False),                # sha256 of the record: the same answer is kept once
    Column("record", Text, nullable=False),                      # the whole answer as JSON
    UniqueConstraint("event_id", "digest", name="uq_answers_event_digest"),
    Index("ix_answers_event", "event_id"),
)

imports = Table(
    "imports", metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("folder", String(1000), nullable=False),
    Column("at", String(40), nullable=False),
    Column("added", Integer, nullable=False),
    Column("notes", Text, nullable=False),                       # lines skipped, one a line
)

followups = Table(
    "followups", metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("participant", String(32), nullable=False),
    Column("submission", String(100), nullable=False),           # the form's instance id (or a digest of the row)
    Column("question", String(100), nullable=False),
    Column("answer", Text, nullable=False),
    UniqueConstraint("submission", "question", name="uq_followups_submission_question"),
    Index("ix_followups_event", "event_id"),
)
