"""connections people ask for, blocks, and "looking for a partner class" listings

Revision ID: c0a1e2b3d4f5
Revises: c4e8a1f2b9d6
Create Date: 2026-11-30 06:00:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c0a1e2b3d4f5"
down_revision = "c4e8a1f2b9d6"
branch_labels = None
depends_on = None

_OPEN = "status IN ('pending', 'ignored', 'accepted')"


def upgrade():
    op.create_table(
        "connections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("from_id", sa.Integer(), nullable=False),
        sa.Column("to_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("from_shares", sa.JSON(), nullable=False),
        sa.Column("to_shares", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["from_id"], ["attendees.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["to_id"], ["attendees.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("connections") as batch_op:
        batch_op.create_index("ix_connections_event_id", ["event_id"])
        batch_op.create_index("ix_connections_from_id", ["from_id"])
        batch_op.create_index("ix_connections_to_id", ["to_id"])
        batch_op.create_index("ix_connections_status", ["status"])
        batch_op.create_index(
            "uq_connections_open_pair",
            ["from_id", "to_id"],
            unique=True,
            sqlite_where=sa.text(_OPEN),
            postgresql_where=sa.text(_OPEN),
        )
    op.create_table(
        "connection_blocks",
        sa.Column("blocker_id", sa.Integer(), nullable=False),
        sa.Column("blocked_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["blocked_id"], ["attendees.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["blocker_id"], ["attendees.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("blocker_id", "blocked_id"),
    )
    with op.batch_alter_table("connection_blocks") as batch_op:
        batch_op.create_index("ix_connection_blocks_blocked_id", ["blocked_id"])
    op.create_table(
        "partner_listings",
        sa.Column("attendee_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=40), nullable=False),
        sa.Column("grade_levels", sa.JSON(), nullable=False),
        sa.Column("idea", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["attendee_id"], ["attendees.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("attendee_id"),
    )
    with op.batch_alter_table("partner_listings") as batch_op:
        batch_op.create_index("ix_partner_listings_event_id", ["event_id"])


def downgrade():
    op.drop_table("partner_listings")
    op.drop_table("connection_blocks")
    op.drop_table("connections")
