from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from edcamp.extensions import db
from edcamp.models.base import utcnow

# A request that is still standing: waiting, quietly ignored, or accepted.
OPEN_STATUSES = ("pending", "ignored", "accepted")
_OPEN = "status IN ('pending', 'ignored', 'accepted')"


class Connection(db.Model):
    """One attendee asking another to connect, and the connection it becomes.

    ``status``: "pending" (waiting), "ignored" (the person asked said nothing; the asker is
    never told, so to them it stays waiting), "accepted", or "withdrawn" (either side ended
    it; nothing of the other is shown again). What each side shares with the other is a
    list of field names chosen when asking or accepting; the values are read live from the
    attendee, so an erased or changed handle is never shown from a stale copy.
    """

    __tablename__ = "connections"
    __table_args__ = (
        # One standing request per direction: a double submit is a clear 409, not a twin.
        Index(
            "uq_connections_open_pair",
            "from_id",
            "to_id",
            unique=True,
            sqlite_where=text(_OPEN),
            postgresql_where=text(_OPEN),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    from_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), index=True)
    to_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), index=True)
    # "stay_in_touch" or "collaborate"
    kind: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    from_shares: Mapped[list[str]] = mapped_column(JSON, default=list)
    to_shares: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]


class ConnectionBlock(db.Model):
    """``blocker_id`` hears nothing more from ``blocked_id`` (who is never told)."""

    __tablename__ = "connection_blocks"

    blocker_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True
    )
    blocked_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PartnerListing(db.Model):
    """ "Looking for a partner class": shown to the event's attendees, contact details never."""

    __tablename__ = "partner_listings"

    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    subject: Mapped[str] = mapped_column(String(40))
    grade_levels: Mapped[list[str]] = mapped_column(JSON, default=list)
    idea: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
