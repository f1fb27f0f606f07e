"""attendees.show_name: consent to a name on public outputs (off for everyone until asked)

Revision ID: a1c3e5f70912
Revises: 5c3d1e2f7a90, d5c428f7b6cf
Create Date: 2026-11-30 02:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a1c3e5f70912"
down_revision = ("5c3d1e2f7a90", "d5c428f7b6cf")  # also joins the two heads on main
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attendees") as batch_op:
        batch_op.add_column(
            sa.Column("show_name", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("attendees") as batch_op:
        batch_op.drop_column("show_name")
