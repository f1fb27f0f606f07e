"""learning: reflections with evidence links, record link versions, the organizers'
confirmation, and the "Did you try it?" mails sent

Revision ID: c4e8a1f2b9d6
Revises: b7d2e4f6a803
Create Date: 2026-11-30 05:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "c4e8a1f2b9d6"
down_revision = "b7d2e4f6a803"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "reflections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("attendee_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("learned", sa.String(length=2000), nullable=False),
        sa.Column("will_try", sa.String(length=1000), nullable=False),
        sa.Column("will_try_at", sa.DateTime(), nullable=True),
        sa.Column("outcome", sa.String(length=2000), nullable=False),
        sa.Column("outcome_at", sa.DateTime(), nullable=True),
        sa.Column("on_record", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attendee_id"],
            ["attendees.id"],
            name=op.f("fk_reflections_attendee_id_attendees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_reflections_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflections")),
        sa.UniqueConstraint(
            "attendee_id", "proposal_id", name=op.f("uq_reflections_attendee_id_proposal_id")
        ),
    )
    with op.batch_alter_table("reflections") as batch_op:
        batch_op.create_index(batch_op.f("ix_reflections_attendee_id"), ["attendee_id"])
        batch_op.create_index(batch_op.f("ix_reflections_proposal_id"), ["proposal_id"])
    op.create_table(
        "evidence_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reflection_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["reflection_id"],
            ["reflections.id"],
            name=op.f("fk_evidence_links_reflection_id_reflections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_links")),
    )
    with op.batch_alter_table("evidence_links") as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_links_reflection_id"), ["reflection_id"])
    op.create_table(
        "record_links",
        sa.Column("attendee_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("rotated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attendee_id"],
            ["attendees.id"],
            name=op.f("fk_record_links_attendee_id_attendees"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("attendee_id", name=op.f("pk_record_links")),
    )
    op.create_table(
        "record_confirmations",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("organizer_id", sa.Integer(), nullable=True),
        sa.Column("confirmed_by", sa.String(length=120), nullable=False),
        sa.Column("note", sa.String(length=300), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_record_confirmations_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organizer_id"],
            ["organizers.id"],
            name=op.f("fk_record_confirmations_organizer_id_organizers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_record_confirmations")),
    )
    op.create_table(
        "try_it_mails",
        sa.Column("attendee_id", sa.Integer(), nullable=False),
        sa.Column("queued_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attendee_id"],
            ["attendees.id"],
            name=op.f("fk_try_it_mails_attendee_id_attendees"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("attendee_id", name=op.f("pk_try_it_mails")),
    )


def downgrade():
    op.drop_table("try_it_mails")
    op.drop_table("record_confirmations")
    op.drop_table("record_links")
    with op.batch_alter_table("evidence_links") as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_links_reflection_id"))
    op.drop_table("evidence_links")
    with op.batch_alter_table("reflections") as batch_op:
        batch_op.drop_index(batch_op.f("ix_reflections_proposal_id"))
        batch_op.drop_index(batch_op.f("ix_reflections_attendee_id"))
    op.drop_table("reflections")
