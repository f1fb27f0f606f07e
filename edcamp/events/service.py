"""Events and who organizes them, and their time (rooms and slots: ``rooms_and_slots``)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo, available_timezones

from flask_babel import gettext as _
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from edcamp.errors import Conflict, Forbidden, Invalid, NotFound
from edcamp.extensions import db
from edcamp.languages import clean_language
from edcamp.models import (
    Event,
    Organizer,
    Schedule,
)

# No 0/O, 1/I/L: a code read off a poster across the hall must be typed right first time.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 6
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$")
RESERVED_SLUGS = {"new", "join", "api", "static"}
MAX_VOTES = 50
# Year 1 or 9999 would overflow when times are converted to UTC for feeds and exports.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2199, 12, 31)


@dataclass
class EventDetails:
    name: str | None = None
    date: date | None = None
    timezone: str | None = None
    venue: str | None = None
    hashtag: str | None = None
    votes_per_attendee: int | None = None
    notes_url_template: str | None = None
    language: str | None = None


def get_event(slug: str) -> Event:
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        raise NotFound(_("There is no event at that address."), code="event_not_found")
    return event


def validate_timezone(name: str) -> str:
    if name not in available_timezones():
        raise Invalid(
            _("'%(name)s' is not an IANA time zone (for example Europe/Berlin).", name=name),
            field="timezone",
        )
    return name


def validate_slug(slug: str) -> str:
    if not SLUG_PATTERN.match(slug or "") or slug in RESERVED_SLUGS:
        raise Invalid(
            _("The short name may use lowercase letters, digits and hyphens (2 to 64)."),
            field="slug",
        )
    return slug


def _clean_hashtag(hashtag: str) -> str:
    tag = hashtag.strip().lstrip("#")
    if tag and not re.fullmatch(r"\w{1,60}", tag):
        raise Invalid(_("A hashtag has letters, digits and underscores only."), field="hashtag")
    return f"#{tag}" if tag else ""


def _clean_notes_template(template: str) -> str:
    template = template.strip()
    if template and not re.match(r"^https?://", template):
        raise Invalid(
            _("The notes link must start with http:// or https://."), field="notes_url_template"
        )
    return template


def new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if not db.session.scalar(select(exists().where(Event.join_code == code))):
            return code


def create_event(slug: str, details: EventDetails, *, by: Organizer) -> Event:
    if by.email_confirmed_at is None:
        raise Forbidden(
            _("Confirm your email address first: open the link we mailed you (Account page)."),
            code="email_unconfirmed",
        )
    slug = validate_slug(slug)
    if not details.name or not details.name.strip():
        raise Invalid(_("The event needs a name."), field="name")
    if details.date is None:
        raise Invalid(_("The event needs a date."), field="date")
    if not details.timezone:
        raise Invalid(_("The event needs a time zone."), field="timezone")
    if db.session.scalar(select(exists().where(Event.slug == slug))):
        raise Conflict(
            _("That short name is taken; choose another."), code="slug_taken", field="slug"
        )
    event = Event(slug=slug, name="", date=details.date, timezone="UTC", join_code=new_join_code())
    event.organizers.append(by)
    update_event(event, details)
    db.session.add(event)
    try:
        db.session.flush()
    except IntegrityError as error:
        # Another request took the slug between our check and this insert (PostgreSQL; SQLite
        # serialises writing requests). The transaction is spoilt: start afresh.
        db.session.rollback()
        raise Conflict(
            _("That short name is taken; choose another."), code="slug_taken", field="slug"
        ) from error
    # The draft grid exists from the start, so reading it (the editor, GET schedule?draft=1)
    # never writes: GETs stay read-only and never queue for SQLite's write lock.
    db.session.add(Schedule(event_id=event.id, version=None))
    db.session.flush()
    return event


def update_event(event: Event, details: EventDetails) -> Event:
    if details.name is not None:
        if not details.name.strip():
            raise Invalid(_("The event needs a name."), field="name")
        event.name = details.name.strip()[:120]
    if details.date is not None:
        if not EARLIEST_DATE <= details.date <= LATEST_DATE:
            raise Invalid(
                _(
                    "The date must be between %(first)s and %(last)s.",
                    first=EARLIEST_DATE.year,
                    last=LATEST_DATE.year,
                ),
                field="date",
            )
        event.date = details.date
    if details.timezone is not None:
        event.timezone = validate_timezone(details.timezone)
    if details.venue is not None:
        event.venue = details.venue.strip()[:200]
    if details.hashtag is not None:
        event.hashtag = _clean_hashtag(details.hashtag)
    if details.votes_per_attendee is not None:
        if not 1 <= details.votes_per_attendee <= MAX_VOTES:
            raise Invalid(
                _("Votes per attendee must be between 1 and %(max)d.", max=MAX_VOTES),
                field="votes_per_attendee",
            )
        event.votes_per_attendee = details.votes_per_attendee
    if details.notes_url_template is not None:
        event.notes_url_template = _clean_notes_template(details.notes_url_template)
    if details.language is not None:
        event.language = clean_language(details.language)
    return event


def lock_event(event: Event) -> Event:
    """Serialise changes to one event's rooms, slots and organizers.

    Two organizers adding "Library" or overlapping slots at the same moment would both pass
    the check on PostgreSQL; the row lock makes the second wait and then see the first.
    (SQLite serialises writing requests already; there FOR UPDATE is left out.)
    """
    db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())
    db.session.expire(event, ["rooms", "slots", "organizers"])
    return event


# Time --------------------------------------------------------------------------------------


def zone(event: Event) -> ZoneInfo:
    return ZoneInfo(event.timezone)


def local_datetime(event: Event, clock: time) -> datetime:
    """The aware datetime of a wall-clock time on the event's day, in the event's zone."""
    return datetime.combine(event.date, clock, tzinfo=zone(event))
