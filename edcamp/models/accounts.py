from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from edcamp.extensions import db
from edcamp.models.base import utcnow


class Organizer(UserMixin, db.Model):
    __tablename__ = "organizers"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    # Set when the address proved to be theirs (a mailed link, an invitation, the CLI);
    # an unconfirmed account may sign in but not run an event.
    email_confirmed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # BCP 47 tag chosen with ?lang= while signed in: their pages and mails; None: not chosen.
    language: Mapped[str | None] = mapped_column(String(16))

    events: Mapped[list[Event]] = relationship(  # noqa: F821
        secondary="event_organizers", back_populates="organizers", order_by="Event.date.desc()"
    )

    @property
    def display_name(self) -> str:
        # Never the email: this name is shown on public pages.
        return self.name or _("An organizer")

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None


class ApiToken(db.Model):
    """An organizer's bearer token for the API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    organizer_id: Mapped[int] = mapped_column(
        ForeignKey("organizers.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]

    organizer: Mapped[Organizer] = relationship()


class OrganizerSession(db.Model):
    """A signed-in browser. The cookie holds a random key whose SHA-256 is stored here, so
    signing out (deleting the row) ends the session on the server: a copied cookie stops
    working. The remember-me cookie is a selector plus a validator; the validator changes
    every time it is used, and only its SHA-256 is stored."""

    __tablename__ = "organizer_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    organizer_id: Mapped[int] = mapped_column(
        ForeignKey("organizers.id", ondelete="CASCADE"), index=True
    )
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    remember_selector: Mapped[str | None] = mapped_column(String(32), unique=True)
    remember_hash: Mapped[str | None] = mapped_column(String(64))
    remember_expires_at: Mapped[datetime | None]
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)

    organizer: Mapped[Organizer] = relationship()


class OrganizerInvitation(db.Model):
    """An invitation to co-organize one event, mailed to an address; accepting it adds the
    accepting account (created on the spot when needed) to the event."""

    __tablename__ = "organizer_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizers.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    event: Mapped[Event] = relationship()  # noqa: F821
    invited_by: Mapped[Organizer | None] = relationship()

    @property
    def status(self) -> str:
        if self.accepted_at is not None:
            return "accepted"
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= utcnow() else "pending"


class OneTimeLink(db.Model):
    """A mailed or shown link that does one thing once before it expires: reset a password,
    confirm an address, sign an attendee in on another device. Only its SHA-256 is stored."""

    __tablename__ = "one_time_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    organizer_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizers.id", ondelete="CASCADE"), index=True
    )
    attendee_id: Mapped[int | None] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), index=True
    )
    # The address a confirmation link confirms (it may have changed since).
    email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
