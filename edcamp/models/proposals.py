from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from edcamp.extensions import db
from edcamp.models.base import utcnow


class Proposal(db.Model):
    """A session proposed on the board; once on the grid it is a session."""

    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    proposer_id: Mapped[int | None] = mapped_column(ForeignKey("attendees.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # An Edcamp "request": the proposer asks for someone else to lead it.
    is_request: Mapped[bool] = mapped_column(default=False)
    hidden: Mapped[bool] = mapped_column(default=False)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL")
    )
    # "auto": on the grid if popular enough; "include": forced in; "exclude": left out.
    schedule_mode: Mapped[str] = mapped_column(String(8), default="auto")
    # Room features the session cannot do without, and 2 for a double session.
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    length: Mapped[int] = mapped_column(default=1)
    notes_url: Mapped[str] = mapped_column(String(500), default="")
    video_url: Mapped[str] = mapped_column(String(500), default="", server_default="")
    # None: held in the event's language.
    language: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()  # noqa: F821
    proposer: Mapped[Attendee | None] = relationship()  # noqa: F821
    facilitators: Mapped[list[Facilitator]] = relationship(
        back_populates="proposal", cascade="all, delete-orphan", order_by="Facilitator.created_at"
    )


class Facilitator(db.Model):
    __tablename__ = "facilitators"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    proposal: Mapped[Proposal] = relationship(back_populates="facilitators")
    attendee: Mapped[Attendee] = relationship()  # noqa: F821


class Vote(db.Model):
    """One dot on the board.

    The per-attendee limit is held by the database: a vote takes a ballot number in
    1..votes_per_attendee and (attendee_id, ballot) is unique, so two concurrent votes can
    never share the last ballot.
    """

    __tablename__ = "votes"
    __table_args__ = (
        UniqueConstraint("attendee_id", "proposal_id"),
        UniqueConstraint("attendee_id", "ballot"),
        CheckConstraint("ballot >= 1", name="ballot_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    ballot: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Star(db.Model):
    """A session on an attendee's "my schedule"."""

    __tablename__ = "stars"

    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True
    )
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ProposalMerge(db.Model):
    """What a merge moved, so it can be undone while voting is open."""

    __tablename__ = "proposal_merges"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    target_id: Mapped[int] = mapped_column(ForeignKey("proposals.id", ondelete="CASCADE"))
    # Attendee ids whose vote moved to the target, and whose vote was dropped (they had
    # voted for both, so they got the spare vote back).
    moved_voter_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    dropped_voter_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    added_facilitator_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    undone_at: Mapped[datetime | None]
