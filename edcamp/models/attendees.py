from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import JSON, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from edcamp.extensions import db
from edcamp.models.base import utcnow

HANDLE_FIELDS = ("mastodon", "bluesky", "x", "linkedin", "website", "blog_feed")


class Attendee(db.Model):
    """Someone who joined an event from their phone.

    Deleting oneself clears every personal field and sets ``deleted_at``; the row stays so
    that votes remain as anonymous counts.
    """

    __tablename__ = "attendees"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(String(80))
    # As typed on the profile, for address books (vCard N); never guessed from `name`.
    given_name: Mapped[str | None] = mapped_column(String(80))
    family_name: Mapped[str | None] = mapped_column(String(80))
    email: Mapped[str | None] = mapped_column(String(254))
    # No mail but the confirmation goes to an address until its mailed link was opened.
    email_confirmed_at: Mapped[datetime | None]
    # BCP 47 tag chosen with ?lang= while joined: their pages and mails; None: the event's.
    language: Mapped[str | None] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(40), default="")
    subjects: Mapped[list[str]] = mapped_column(JSON, default=list)
    grade_levels: Mapped[list[str]] = mapped_column(JSON, default=list)
    mastodon: Mapped[str | None] = mapped_column(String(300))
    bluesky: Mapped[str | None] = mapped_column(String(300))
    x: Mapped[str | None] = mapped_column(String(300))
    linkedin: Mapped[str | None] = mapped_column(String(300))
    website: Mapped[str | None] = mapped_column(String(300))
    blog_feed: Mapped[str | None] = mapped_column(String(300))
    # Consent, granular and off by default: handles and profile, and email separately.
    share_contact: Mapped[bool] = mapped_column(default=False)
    share_email: Mapped[bool] = mapped_column(default=False)
    # Slots this attendee cannot make: the sessions they facilitate are never put there.
    unavailable_slot_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    # Whether the name may appear on public outputs (schedule, feeds, frab, public API).
    show_name: Mapped[bool] = mapped_column(default=False, server_default=false())
    # SHA-256 of the attendee token (it authorises votes); the feed token is separate and
    # read-only, so a leaked calendar link cannot vote.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    feed_token: Mapped[str] = mapped_column(String(64), unique=True)
    # When the token was last rotated ("sign out my other devices"): a phone's claim made
    # before claims carried the token hash cannot say which token it was made with.
    token_rotated_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deleted_at: Mapped[datetime | None]

    event: Mapped[Event] = relationship()  # noqa: F821

    @property
    def display_name(self) -> str:
        return self.name or _("Former attendee")

    @property
    def handles(self) -> dict[str, str]:
        return {k: getattr(self, k) for k in HANDLE_FIELDS if getattr(self, k)}
