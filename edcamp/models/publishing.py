from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from edcamp.extensions import db
from edcamp.models.base import utcnow


class PersonalFeedItem(db.Model):
    """A session as an attendee's personal calendar feed last showed it.

    Kept so that a session they drop (or that leaves the grid) can still be
    sent as STATUS:CANCELLED with a higher SEQUENCE: calendars only remove
    what the feed explicitly cancels.
    """

    __tablename__ = "personal_feed_items"

    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True
    )
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    # "confirmed" or "cancelled"
    status: Mapped[str] = mapped_column(String(12), default="confirmed")
    # SEQUENCE last written to this feed, and the schedule's sequence it was based on.
    sequence: Mapped[int] = mapped_column(default=0)
    base_sequence: Mapped[int] = mapped_column(default=0)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id", ondelete="SET NULL"))
    room_name: Mapped[str] = mapped_column(String(80), default="")
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("slots.id", ondelete="SET NULL"))
    # Naive UTC, like every stored datetime.
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
