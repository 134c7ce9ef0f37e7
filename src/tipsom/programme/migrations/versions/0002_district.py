"""Participants' district, from the attendance list's optional `district` column.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Participants imported before this revision have no district (NULL): the report counts
    # them under their event's place, as it does anyone whose list leaves the district blank.
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("district", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("district")
