"""attendees.token_rotated_at: a phone's claim from before claims carried the token hash is
not accepted once the token was rotated

Revision ID: a9d3f6c2e1b7
Revises: f3e8a1b2c4d5
Create Date: 2026-11-30 06:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "a9d3f6c2e1b7"
down_revision = "f3e8a1b2c4d5"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("attendees") as batch:
        batch.add_column(sa.Column("token_rotated_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("attendees") as batch:
        batch.drop_column("token_rotated_at")
