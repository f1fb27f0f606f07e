"""Erasure reaches the outbox: nothing queued goes out about someone who has left.

When attendees erase themselves (or an organizer purges the event), mail still waiting to
be sent to them is dropped, and so is waiting mail to anyone else that names them (the
follow-up's "people to connect with", "X asks to connect"): whoever queued it may queue it
again, composed without them. Mail already sent keeps its record in the outbox, with their
address and every mention of their name or address replaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import delete, select

from edcamp.extensions import db
from edcamp.i18n import in_language
from edcamp.models import Event, OutboxMail


def _erased(event_id: int) -> str:
    """What stands where a name was: "(erased)", in the event's language."""
    event = db.session.get(Event, event_id)
    with in_language(event.language if event is not None else None):
        return _("(erased)")


def _pattern(emails: set[str], names: set[str]) -> re.Pattern[str] | None:
    terms = [rf"(?i:{re.escape(e)})" for e in sorted(emails, key=len, reverse=True)]
    terms += [re.escape(n) for n in sorted(names, key=len, reverse=True)]
    if not terms:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(terms) + r")(?!\w)")


def unsent_mail_about(event_id: int, people: Iterable[tuple[str | None, str | None]]) -> list[int]:
    """For the erasure of these (email, name) pairs of one event: scrub the sent mail that
    mentions them, and return the ids of the unsent mail to them or naming them (the caller
    drops it with ``drop``, after letting go of what refers to it)."""
    people = list(people)
    emails = {email.lower() for email, _name in people if email}
    names = {name.strip() for _email, name in people if name and len(name.strip()) >= 2}
    pattern = _pattern(emails, names)
    if pattern is None:
        return []
    unsent, erased = [], _erased(event_id)
    scrub = lambda text: pattern.sub(lambda _match: erased, text)  # noqa: E731 (no \1 escapes)
    for mail in db.session.scalars(select(OutboxMail).where(OutboxMail.event_id == event_id)):
        to_them = mail.to_address.lower() in emails
        texts = (mail.subject, mail.body_text, mail.body_html or "")
        if not to_them and not any(pattern.search(text) for text in texts):
            continue
        if mail.status != "sent":
            unsent.append(mail.id)
            continue
        if to_them:
            mail.to_address = ""
        mail.subject = scrub(mail.subject)
        mail.body_text = scrub(mail.body_text)
        if mail.body_html:
            mail.body_html = scrub(mail.body_html)
    return unsent


def drop(mail_ids: list[int]) -> None:
    if mail_ids:
        db.session.execute(delete(OutboxMail).where(OutboxMail.id.in_(mail_ids)))
