"""session_feedback (useful / not for me, a comment) and follow_up_sent (never mail twice)

Revision ID: f3e8a1b2c4d5
Revises: c0a1e2b3d4f5
Create Date: 2026-11-30 05:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "f3e8a1b2c4d5"
down_revision = "c0a1e2b3d4f5"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "session_feedback",
        sa.Column("attendee_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("useful", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["attendee_id"], ["attendees.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposals.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("attendee_id", "proposal_id"),
    )
    op.create_index(
        op.f("ix_session_feedback_event_id"), "session_feedback", ["event_id"], unique=False
    )
    op.create_index(
        op.f("ix_session_feedback_proposal_id"), "session_feedback", ["proposal_id"], unique=False
    )
    op.create_table(
        "follow_up_sent",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("attendee_id", sa.Integer(), nullable=False),
        sa.Column("mail_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["attendee_id"], ["attendees.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["mail_id"], ["outbox_mails.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("event_id", "attendee_id"),
    )


def downgrade():
    op.drop_table("follow_up_sent")
    op.drop_index(op.f("ix_session_feedback_proposal_id"), table_name="session_feedback")
    op.drop_index(op.f("ix_session_feedback_event_id"), table_name="session_feedback")
    op.drop_table("session_feedback")
