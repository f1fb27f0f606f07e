from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from edcamp.extensions import db
from edcamp.models.base import utcnow


class Schedule(db.Model):
    """A version of the grid: the draft (``version`` NULL, one per event) or a published one.

    Publishing copies the draft into a new numbered version; public pages and feeds read the
    newest published version.
    """

    __tablename__ = "schedules"
    __table_args__ = (UniqueConstraint("event_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    version: Mapped[int | None]
    published_at: Mapped[datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizers.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    entries: Mapped[list[ScheduleEntry]] = relationship(
        back_populates="schedule", cascade="all, delete-orphan"
    )


class ScheduleEntry(db.Model):
    """One cell of a grid version: a proposal in a room at a slot."""

    __tablename__ = "schedule_entries"
    __table_args__ = (
        UniqueConstraint("schedule_id", "proposal_id"),
        UniqueConstraint("schedule_id", "room_id", "slot_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(
        ForeignKey("schedules.id", ondelete="CASCADE"), index=True
    )
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    room_id: Mapped[int] = mapped_column(ForeignKey("rooms.id", ondelete="CASCADE"))
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id", ondelete="CASCADE"))
    pinned: Mapped[bool] = mapped_column(default=False)
    # iCal SEQUENCE of a published entry: raised when the session moved or changed.
    sequence: Mapped[int] = mapped_column(default=0)
    # Digest of what a calendar shows (title, description, ...) when published.
    content_hash: Mapped[str] = mapped_column(String(64), default="")

    schedule: Mapped[Schedule] = relationship(back_populates="entries")
    proposal: Mapped[Proposal] = relationship()  # noqa: F821
    room: Mapped[Room] = relationship()  # noqa: F821
    slot: Mapped[Slot] = relationship()  # noqa: F821


class BlockedCell(db.Model):
    """A room closed for one slot (lunch in the library): the grid leaves it empty."""

    __tablename__ = "blocked_cells"

    room_id: Mapped[int] = mapped_column(
        ForeignKey("rooms.id", ondelete="CASCADE"), primary_key=True
    )
    slot_id: Mapped[int] = mapped_column(
        ForeignKey("slots.id", ondelete="CASCADE"), primary_key=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
