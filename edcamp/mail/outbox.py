"""Queueing mail: one row in the outbox, in the caller's transaction.

``queue_mail`` is the one way any code sends mail. The row commits or rolls back with the
change that causes it, so a mail is never sent for a change that did not happen, and never
lost for one that did. After the commit the background sender is woken up.
"""

from __future__ import annotations

import html
import logging
import re
from email.utils import make_msgid

from flask import current_app, has_request_context
from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.orm import Session

from edcamp.extensions import db
from edcamp.mail import unsubscribe
from edcamp.mail.background import wake_sender
from edcamp.models import Event, MailOptOut, Organizer, OutboxMail
from edcamp.urls import external_url

log = logging.getLogger("edcamp.mail")
_PENDING = "edcamp.mail.pending"
_URL = re.compile(r"(https?://[^\s<>\"]+)")


def queue_mail(
    to: str,
    subject: str,
    text: str,
    *,
    kind: str,
    event: Event | None = None,
    organizer: Organizer | None = None,
    to_label: str | None = None,
    personal: bool = False,
    list_id: str | None = None,
) -> OutboxMail | None:
    """Queue one mail to ``to``. ``list_id`` marks mail the reader did not ask for (an
    invitation, a follow-up): it carries a one-click unsubscribe link for that list, and is
    not queued at all when the address unsubscribed from it. ``personal`` mail holds a
    sign-in link: its body is never shown in the app. Returns None when not queued."""
    if list_id is not None and opted_out(to, list_id):
        log.info("not mailing %s (%s): unsubscribed from %s", to_label or "someone", kind, list_id)
        return None
    mail = OutboxMail(
        kind=kind,
        to_address=to,
        to_label=to_label or to,
        subject=" ".join(subject.split())[:200],
        body_text=text,
        body_html=text_to_html(text),
        message_id=make_msgid(domain=_message_id_domain()),
        event_id=event.id if event is not None else None,
        organizer_id=organizer.id if organizer is not None else None,
        personal=personal,
        unsubscribe_url=link("mail.unsubscribe", token=unsubscribe.make_token(to, list_id))
        if list_id
        else None,
    )
    db.session.add(mail)
    # Plain values: after the commit the row's attributes are expired and cannot be loaded.
    db.session.info.setdefault(_PENDING, []).append((to, mail.subject, text))
    return mail


def opted_out(email: str, list_id: str) -> bool:
    lists = (list_id, unsubscribe.ALL)
    query = select(MailOptOut.id).where(
        MailOptOut.email == email.lower(), MailOptOut.list_id.in_(lists)
    )
    return db.session.scalar(query.limit(1)) is not None


def link(endpoint: str, **values) -> str:
    """An absolute link for a mail, also outside a request (a CLI command)."""
    if has_request_context():
        return external_url(endpoint, **values)
    base = current_app.config.get("EDCAMP_BASE_URL") or "http://localhost"
    with current_app.test_request_context(base_url=base):
        return external_url(endpoint, **values)


def text_to_html(text: str) -> str:
    """Simple HTML from the plain text: paragraphs, and links people can click."""
    paragraphs = [p for p in text.strip().split("\n\n") if p.strip()]
    rendered = []
    for paragraph in paragraphs:
        escaped = html.escape(paragraph).replace("\n", "<br>\n")
        rendered.append("<p>" + _URL.sub(r'<a href="\1">\1</a>', escaped) + "</p>")
    return (
        '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">\n'
        + "\n".join(rendered)
        + "\n</body></html>"
    )


def _message_id_domain() -> str:
    from urllib.parse import urlsplit

    base = current_app.config.get("EDCAMP_BASE_URL") or ""
    return urlsplit(base).hostname or "edcamp.invalid"


@sa_event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    if not current_app.config.get("MAIL_URL"):
        # The embedded default: nothing leaves the machine; the log is where mail is read.
        for to, subject, text in pending:
            log.warning(
                "mail is not configured (MAIL_URL): kept in the outbox, not sent.\n"
                "To: %s\nSubject: %s\n\n%s",
                to,
                subject,
                text,
            )
        return
    wake_sender()


@sa_event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
