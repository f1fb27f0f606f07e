"""Every event has its draft schedule: made with the event from now on, so reading the
draft (the grid editor, GET schedule?draft=1) never writes. Older events get theirs here.

Revision ID: b7d2e4f6a803
Revises: b7e2d4c91f03
Create Date: 2026-11-30 02:50:00

"""

from alembic import op

revision = "b7d2e4f6a803"
down_revision = "b7e2d4c91f03"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "INSERT INTO schedules (event_id, version, created_at)"
        " SELECT e.id, NULL, CURRENT_TIMESTAMP FROM events e"
        " WHERE NOT EXISTS (SELECT 1 FROM schedules s"
        " WHERE s.event_id = e.id AND s.version IS NULL)"
    )


def downgrade():
    # An empty draft is what the old code made on first read: leaving them is harmless.
    pass
