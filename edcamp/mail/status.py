"""What organizers see of the outbox: per mail, queued, sent or failed, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from edcamp.errors import NotFound
from edcamp.extensions import db
from edcamp.models import Event, Organizer, OutboxMail

SHOWN = 200


@dataclass(frozen=True)
class MailView:
    id: int
    kind: str
    to: str
    subject: str
    status: str
    why: str
    attempts: int
    created_at: datetime
    sent_at: datetime | None
    next_attempt_at: datetime | None
    body: str | None  # None for a personal mail: it holds someone's sign-in link


def mail_configured() -> bool:
    return bool(current_app.config.get("MAIL_URL"))


def describe(mail: OutboxMail) -> MailView:
    if mail.status == "sent":
        why = ""
    elif mail.status == "failed":
        why = ngettext(
            "Gave up after %(num)d attempt: %(error)s",
            "Gave up after %(num)d attempts: %(error)s",
            mail.attempts,
            error=mail.last_error,
        )
    elif not mail_configured():
        why = _("Mail is not configured on this server: kept in the outbox, not sent.")
    elif mail.last_error:
        why = ngettext(
            "Retrying (%(num)d attempt so far): %(error)s",
            "Retrying (%(num)d attempts so far): %(error)s",
            mail.attempts,
            error=mail.last_error,
        )
    else:
        why = _("Waiting to be sent.")
    return MailView(
        id=mail.id,
        kind=mail.kind,
        to=mail.to_label,
        subject=mail.subject,
        status=mail.status,
        why=why,
        attempts=mail.attempts,
        created_at=mail.created_at,
        sent_at=mail.sent_at,
        next_attempt_at=mail.next_attempt_at if mail.status == "queued" else None,
        body=None if mail.personal else mail.body_text,
    )


def event_mail(event: Event) -> list[MailView]:
    query = select(OutboxMail).where(OutboxMail.event_id == event.id)
    return _newest_first(query)


def account_mail(organizer: Organizer) -> list[MailView]:
    query = select(OutboxMail).where(
        OutboxMail.organizer_id == organizer.id, OutboxMail.event_id.is_(None)
    )
    return _newest_first(query)


def _newest_first(query) -> list[MailView]:
    newest = query.order_by(OutboxMail.id.desc()).limit(SHOWN)
    return [describe(m) for m in db.session.scalars(newest)]


def get_event_mail(event: Event, mail_id: int) -> OutboxMail:
    mail = db.session.get(OutboxMail, mail_id)
    if mail is None or mail.event_id != event.id:
        raise NotFound(_("No such mail in this event's outbox."))
    return mail


def mail_json(view: MailView) -> dict:
    def iso(value: datetime | None) -> str | None:
        return value.isoformat() + "Z" if value is not None else None

    return {
        "id": view.id,
        "kind": view.kind,
        "to": view.to,
        "subject": view.subject,
        "status": view.status,
        "why": view.why,
        "attempts": view.attempts,
        "created_at": iso(view.created_at),
        "sent_at": iso(view.sent_at),
        "next_attempt_at": iso(view.next_attempt_at),
    }
