"""scheduling constraints: room features, proposal needs and length, break slots,
attendees' unavailable slots

Revision ID: 5c3d1e2f7a90
Revises: e577a0b417e8
Create Date: 2026-11-30 02:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "5c3d1e2f7a90"
down_revision = "e577a0b417e8"
branch_labels = None
depends_on = None


def upgrade():
    # server defaults fill the rows that already exist
    with op.batch_alter_table("rooms") as batch:
        batch.add_column(sa.Column("features", sa.JSON(), nullable=False, server_default="[]"))
    with op.batch_alter_table("slots") as batch:
        batch.add_column(
            sa.Column("break_label", sa.String(length=80), nullable=False, server_default="")
        )
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(sa.Column("needs", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("length", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("attendees") as batch:
        batch.add_column(
            sa.Column("unavailable_slot_ids", sa.JSON(), nullable=False, server_default="[]")
        )


def downgrade():
    with op.batch_alter_table("attendees") as batch:
        batch.drop_column("unavailable_slot_ids")
    with op.batch_alter_table("proposals") as batch:
        batch.drop_column("length")
        batch.drop_column("needs")
    with op.batch_alter_table("slots") as batch:
        batch.drop_column("break_label")
    with op.batch_alter_table("rooms") as batch:
        batch.drop_column("features")
