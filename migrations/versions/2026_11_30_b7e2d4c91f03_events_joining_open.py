"""events.joining_open: organizers can close joining (open for every existing event)

Revision ID: b7e2d4c91f03
Revises: 6c6dd1685a3e
Create Date: 2026-11-30 03:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "b7e2d4c91f03"
down_revision = "6c6dd1685a3e"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events") as batch_op:
        batch_op.add_column(
            sa.Column("joining_open", sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade():
    with op.batch_alter_table("events") as batch_op:
        batch_op.drop_column("joining_open")
