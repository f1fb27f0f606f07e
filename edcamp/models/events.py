from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import JSON, Column, ForeignKey, String, Table, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from edcamp.extensions import db
from edcamp.models.base import utcnow

event_organizers = Table(
    "event_organizers",
    db.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("organizer_id", ForeignKey("organizers.id", ondelete="CASCADE"), primary_key=True),
)


class Event(db.Model):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    date: Mapped[date]
    timezone: Mapped[str] = mapped_column(String(64))
    venue: Mapped[str] = mapped_column(String(200), default="")
    hashtag: Mapped[str] = mapped_column(String(64), default="")
    # BCP 47 tag of the language the sessions are held in (sessions may override it); also
    # the pages' default language when neither ?lang= nor the browser names one.
    language: Mapped[str] = mapped_column(String(16), default="en", server_default="en")
    votes_per_attendee: Mapped[int] = mapped_column(default=5)
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    # "open" or "closed"; voting_closes_at (UTC) closes it on its own when set.
    voting: Mapped[str] = mapped_column(String(8), default="open")
    voting_closes_at: Mapped[datetime | None]
    show_counts: Mapped[bool] = mapped_column(default=True)
    # Organizers close joining (and rotate join_code) when fake attendees flood in.
    joining_open: Mapped[bool] = mapped_column(default=True, server_default=true())
    # e.g. "https://notes.example.org/{event}/{session}"; a proposal's notes_url wins.
    notes_url_template: Mapped[str] = mapped_column(String(500), default="")
    # Who counts as "a session's people" besides its facilitators.
    people_from_checkins: Mapped[bool] = mapped_column(default=True)
    people_from_stars: Mapped[bool] = mapped_column(default=True)
    people_from_votes: Mapped[bool] = mapped_column(default=False)
    purged_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organizers: Mapped[list[Organizer]] = relationship(  # noqa: F821
        secondary=event_organizers, back_populates="events", order_by="Organizer.email"
    )
    rooms: Mapped[list[Room]] = relationship(
        back_populates="event", order_by="(Room.position, Room.id)", cascade="all, delete-orphan"
    )
    slots: Mapped[list[Slot]] = relationship(
        back_populates="event", order_by="Slot.starts_at", cascade="all, delete-orphan"
    )

    def is_organizer(self, organizer) -> bool:
        return organizer is not None and any(o.id == organizer.id for o in self.organizers)


class Room(db.Model):
    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    capacity: Mapped[int]
    position: Mapped[int] = mapped_column(default=0)
    # What the room offers ("projector", "step-free"...): sessions that need one go here.
    features: Mapped[list[str]] = mapped_column(JSON, default=list)

    event: Mapped[Event] = relationship(back_populates="rooms")


class Slot(db.Model):
    """A time slot of the event's day, in the event's local wall-clock time."""

    __tablename__ = "slots"
    __table_args__ = (UniqueConstraint("event_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[time]
    ends_at: Mapped[time]
    # Non-empty: a break ("Lunch", "Smackdown") with no sessions, shown as what it is.
    break_label: Mapped[str] = mapped_column(String(80), default="")

    event: Mapped[Event] = relationship(back_populates="slots")
