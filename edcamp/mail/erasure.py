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

from sqlalchemy import delete, select

from edcamp.extensions import db
from edcamp.models import OutboxMail

ERASED = "(erased)"


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
    emails = {email.lower() for email, _ in people if email}
    names = {name.strip() for _, name in people if name and len(name.strip()) >= 2}
    pattern = _pattern(emails, names)
    if pattern is None:
        return []
    unsent = []
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
        mail.subject = pattern.sub(ERASED, mail.subject)
        mail.body_text = pattern.sub(ERASED, mail.body_text)
        if mail.body_html:
            mail.body_html = pattern.sub(ERASED, mail.body_html)
    return unsent


def drop(mail_ids: list[int]) -> None:
    if mail_ids:
        db.session.execute(delete(OutboxMail).where(OutboxMail.id.in_(mail_ids)))
