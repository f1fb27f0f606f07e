from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from edcamp.extensions import db
from edcamp.models.base import utcnow


class Reflection(db.Model):
    """What an attendee learned in a session they attended or led, and what they will try.

    Erasure deletes it (``contacts.privacy``); only ``on_record`` reflections appear on the
    shared learning record (its PDF and verification link).
    """

    __tablename__ = "reflections"
    __table_args__ = (UniqueConstraint("attendee_id", "proposal_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), index=True
    )
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    learned: Mapped[str] = mapped_column(String(2000), default="")
    will_try: Mapped[str] = mapped_column(String(1000), default="")
    # When "what I will try" was first written: the "Did you try it?" mail counts from it.
    will_try_at: Mapped[datetime | None]
    outcome: Mapped[str] = mapped_column(String(2000), default="")
    outcome_at: Mapped[datetime | None]
    on_record: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    evidence: Mapped[list[EvidenceLink]] = relationship(
        order_by="EvidenceLink.id", cascade="all, delete-orphan", passive_deletes=True
    )


class EvidenceLink(db.Model):
    """A link that shows the learning: a blog post, a shared resource, a discussion post."""

    __tablename__ = "evidence_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    reflection_id: Mapped[int] = mapped_column(
        ForeignKey("reflections.id", ondelete="CASCADE"), index=True
    )
    url: Mapped[str] = mapped_column(String(500))
    label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecordLink(db.Model):
    """The version of an attendee's learning-record link: rotating it bumps the version,
    and links signed with an older one answer 404. No row: version 1."""

    __tablename__ = "record_links"

    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(default=1)
    rotated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RecordConfirmation(db.Model):
    """An organizer confirms the event's learning records: the sessions took place as
    listed and check-ins were taken at the event. Shown on every record."""

    __tablename__ = "record_confirmations"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    organizer_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizers.id", ondelete="SET NULL")
    )
    confirmed_by: Mapped[str] = mapped_column(String(120))
    note: Mapped[str] = mapped_column(String(300), default="")
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow)


class TryItMail(db.Model):
    """The one "Did you try it?" mail of an attendee: the primary key makes it once, even
    with two senders running the job at the same moment."""

    __tablename__ = "try_it_mails"

    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True
    )
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
