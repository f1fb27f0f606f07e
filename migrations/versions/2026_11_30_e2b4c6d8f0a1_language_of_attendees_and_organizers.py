"""attendees.language and organizers.language: the language someone chose with ?lang=, for
their pages on another device and for the mails sent to them

Revision ID: e2b4c6d8f0a1
Revises: a9d3f6c2e1b7
Create Date: 2026-11-30 08:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "e2b4c6d8f0a1"
down_revision = "a9d3f6c2e1b7"
branch_labels = None
depends_on = None


def upgrade():
    for table in ("attendees", "organizers"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("language", sa.String(length=16), nullable=True))


def downgrade():
    for table in ("attendees", "organizers"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("language")
