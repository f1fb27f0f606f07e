from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from edcamp.extensions import db
from edcamp.models.base import utcnow


class SessionFeedback(db.Model):
    """One attendee's "useful / not for me" on one session, with an optional comment to its
    facilitators. One per person per session; giving it again changes it."""

    __tablename__ = "session_feedback"

    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True
    )
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    useful: Mapped[bool]
    comment: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class FollowUpSent(db.Model):
    """The follow-up mail of an event queued for one attendee: the primary key is what
    makes sending twice mail nobody twice, even from two workers at once."""

    __tablename__ = "follow_up_sent"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True
    )
    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True
    )
    mail_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_mails.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
