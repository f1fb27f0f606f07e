"""The "Did you try it?" mail: N days after the event (``LEARNING_TRY_IT_DAYS``, default 30)
each attendee who wrote "what I will try" is invited to add how it went.

The job runs from the mail sender's loop (each web worker, or ``flask send-mail``) and from
``flask send-try-it-mails`` (cron). It is idempotent: the ``try_it_mails`` row, keyed by the
attendee, is written in the same transaction as the queued mail, so a second run (or a
second worker at the same moment) never mails anyone twice.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from edcamp.attendees.comeback import mail_attendee
from edcamp.errors import NotFound
from edcamp.extensions import db
from edcamp.i18n import in_language, language_of
from edcamp.mail import link
from edcamp.models import Attendee, Event, Proposal, Reflection, TryItMail, utcnow
from edcamp.urls import MAX_ID

log = logging.getLogger("edcamp.learning")
_SALT = "edcamp.try-it"
LINK_DAYS = 120  # how long the mailed "add how it went" link works
MAIL_HOUR = time(9, 0)  # sent from 09:00 in the event's time zone on the day it is due


def try_it_days() -> int:
    return int(current_app.config.get("LEARNING_TRY_IT_DAYS", 30))


def due_at(event: Event, will_try_at: datetime | None, days: int) -> datetime:
    """When the mail is due (naive UTC): at 09:00, event time, ``days`` after the event, or
    after the day "what I will try" was written when that came later (nobody is asked the
    day after they wrote it)."""
    zone = ZoneInfo(event.timezone)
    day = event.date
    if will_try_at is not None:
        day = max(day, will_try_at.replace(tzinfo=UTC).astimezone(zone).date())
    local = datetime.combine(day + timedelta(days=days), MAIL_HOUR, zone)
    return local.astimezone(UTC).replace(tzinfo=None)


def _candidates(now: datetime, days: int) -> list[tuple[Attendee, list[Reflection]]]:
    """Live attendees not yet mailed with a "will try" whose outcome is still open."""
    rows = db.session.execute(
        select(Attendee, Reflection)
        .join(Reflection, Reflection.attendee_id == Attendee.id)
        .join(Event, Event.id == Attendee.event_id)
        .outerjoin(TryItMail, TryItMail.attendee_id == Attendee.id)
        .where(
            Attendee.deleted_at.is_(None),
            TryItMail.attendee_id.is_(None),
            Reflection.will_try != "",
            Reflection.outcome == "",
            Event.date <= (now - timedelta(days=days - 1)).date(),
        )
        .order_by(Attendee.id, Reflection.id)
    )
    found: dict[int, tuple[Attendee, list[Reflection]]] = {}
    for attendee, reflection in rows:
        found.setdefault(attendee.id, (attendee, []))[1].append(reflection)
    return list(found.values())


def queue_due_try_it_mails(now: datetime | None = None) -> int:
    """Queue every "Did you try it?" mail that is due; commits; how many were queued."""
    now = now or utcnow()
    days = try_it_days()
    queued = 0
    for attendee, reflections in _candidates(now, days):
        due = min(due_at(attendee.event, r.will_try_at, days) for r in reflections)
        if due > now:
            continue
        savepoint = db.session.begin_nested()
        try:
            db.session.add(TryItMail(attendee_id=attendee.id, queued_at=now))
            db.session.flush()
        except IntegrityError:  # another sender got there first
            savepoint.rollback()
            continue
        if _mail(attendee, reflections) is None:
            savepoint.rollback()  # no confirmed address, or opted out: nothing was sent
            continue
        savepoint.commit()
        queued += 1
    db.session.commit()
    if queued:
        log.info('queued %d "Did you try it?" mail(s)', queued)
    return queued


def _mail(attendee: Attendee, reflections: list[Reflection]):
    """The mail, in the attendee's language (theirs, else the event's)."""
    event = attendee.event
    tries = "\n".join(
        f"- {db.session.get(Proposal, r.proposal_id).title}: {_one_line(r.will_try)}"
        for r in reflections
    )
    url = link("learning.try_it_page", slug=event.slug, token=try_it_token(attendee))
    with in_language(language_of(attendee, event)):
        subject = _("Did you try it? %(event)s", event=event.name)
        text = _(
            "Hello %(name)s,\n\n"
            "At %(event)s you wrote what you would try:\n\n%(tries)s\n\n"
            "Did you try it? Add a line or two about how it went. It joins your learning "
            "record, next to your reflection:\n\n"
            "%(url)s\n\n"
            "This is the only time we ask.",
            name=attendee.name,
            event=event.name,
            tries=tries,
            url=url,
        )
    return mail_attendee(attendee, subject, text, kind="try_it", list_id=f"event:{event.id}")


def _one_line(text: str, limit: int = 200) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "\u2026"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def try_it_token(attendee: Attendee) -> str:
    return _serializer().dumps([attendee.event_id, attendee.id])


def attendee_for_try_it(event: Event, token: str) -> Attendee:
    """The attendee a mailed "how did it go" link names; 404 when forged, foreign, expired
    or erased."""
    invalid = NotFound(_("This link is not valid."), code="try_it_not_found")
    try:
        payload = _serializer().loads(token, max_age=LINK_DAYS * 86400)
    except SignatureExpired as error:
        raise NotFound(
            _("This link has expired: open your reflections from the event's page instead."),
            code="try_it_expired",
        ) from error
    except (BadSignature, ValueError, TypeError) as error:
        raise invalid from error
    if not (isinstance(payload, list) and len(payload) == 2):
        raise invalid
    event_id, attendee_id = payload
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in payload):
        raise invalid
    attendee = db.session.get(Attendee, attendee_id) if 0 < attendee_id <= MAX_ID else None
    if attendee is None or attendee.event_id != event.id or event_id != event.id:
        raise invalid
    if attendee.deleted_at is not None:
        raise invalid
    return attendee
