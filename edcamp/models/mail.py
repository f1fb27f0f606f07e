from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from edcamp.extensions import db
from edcamp.models.base import utcnow


class OutboxMail(db.Model):
    """One mail, written in the transaction of the change that causes it and delivered by
    ``edcamp.mail.sender``. Rows are never deleted by sending: the outbox is the record of
    what the app mailed, and what it could not."""

    __tablename__ = "outbox_mails"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    to_address: Mapped[str] = mapped_column(String(254))
    # What organizers see instead of the address (an attendee's email is not theirs to see).
    to_label: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), index=True
    )
    organizer_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizers.id", ondelete="CASCADE"), index=True
    )
    # The body holds a link that signs its reader in: never shown to anyone in the app.
    personal: Mapped[bool] = mapped_column(default=False)
    # Mail the reader did not ask for carries List-Unsubscribe (RFC 8058) with this URL;
    # None = a direct answer to the reader's own request.
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))
    # "queued" (waiting or retrying), "sent", or "failed" (gave up; an organizer may retry).
    status: Mapped[str] = mapped_column(String(8), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=utcnow, index=True)
    # A sender's lease on the row while it talks to the SMTP server.
    claimed_until: Mapped[datetime | None]
    claim_token: Mapped[str | None] = mapped_column(String(32), index=True)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MailOptOut(db.Model):
    """An address that unsubscribed from one list (``event:<id>``) or from all of them."""

    __tablename__ = "mail_opt_outs"
    __table_args__ = (UniqueConstraint("email", "list_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    list_id: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
