"""The professional learning record: what an attendee facilitated and attended, and for how
long, their reflections and evidence, the organizers' confirmation, and a signed
verification link that re-reads the organizer's record.

The link signs [event id, attendee id, link version]: rotating it bumps the version, so
every older link answers 404 at once, on every worker (the version is in the database).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from edcamp.errors import NotFound
from edcamp.extensions import db
from edcamp.learning.confirmation import Confirmation, confirmation_of
from edcamp.learning.reflections import RecordReflection, reflections_for_record
from edcamp.learning.sessions import RecordLine, record_lines
from edcamp.models import Attendee, Event, RecordLink, utcnow
from edcamp.urls import MAX_ID

_SALT = "edcamp.learning-record"
__all__ = ["LearningRecord", "RecordLine", "learning_record", "record_token"]


@dataclass(frozen=True)
class LearningRecord:
    attendee_name: str
    event_name: str
    event_date: date
    venue: str
    organizers: tuple[str, ...]
    lines: tuple[RecordLine, ...]
    timezone: str = "UTC"
    reflections: tuple[RecordReflection, ...] = ()
    private_reflections: int = 0  # written, but kept off the record by their author
    confirmation: Confirmation | None = None

    @property
    def total_minutes(self) -> int:
        """Time counted once per slot: two sessions of one slot are not double hours."""
        per_slot: dict[int, int] = {}
        for line in self.lines:
            per_slot[line.slot_id] = max(per_slot.get(line.slot_id, 0), line.minutes)
        return sum(per_slot.values())

    @property
    def total_hours(self) -> float:
        return round(self.total_minutes / 60, 2)

    @property
    def hours_plural(self) -> int:
        """The count that picks "hour" or "hours" (gettext plurals take whole numbers): the
        hours when whole, else the minutes, which every language reads as plural."""
        minutes = self.total_minutes
        return minutes // 60 if minutes % 60 == 0 else max(minutes, 2)

    @property
    def facilitated(self) -> tuple[RecordLine, ...]:
        return tuple(line for line in self.lines if line.part == "Facilitated")

    @property
    def facilitated_minutes(self) -> int:
        return sum(line.minutes for line in self.facilitated)


def learning_record(attendee: Attendee) -> LearningRecord:
    """Read from the organizer's data: the published grid, facilitators and check-ins; and
    the reflections their author put on the record (only those)."""
    if attendee.deleted_at is not None:
        raise NotFound(_("This learning record no longer exists."), code="record_not_found")
    event: Event = attendee.event
    shown, private = reflections_for_record(attendee)
    return LearningRecord(
        attendee_name=attendee.display_name,
        event_name=event.name,
        event_date=event.date,
        venue=event.venue or "",
        organizers=tuple(o.display_name for o in event.organizers),
        lines=tuple(record_lines(attendee)),
        timezone=event.timezone,
        reflections=tuple(shown),
        private_reflections=private,
        confirmation=confirmation_of(event),
    )


def link_version(attendee: Attendee) -> int:
    row = db.session.get(RecordLink, attendee.id)
    return row.version if row is not None else 1


def record_token(attendee: Attendee, secret_key: str) -> str:
    payload = [attendee.event_id, attendee.id, link_version(attendee)]
    return URLSafeSerializer(secret_key, salt=_SALT).dumps(payload)


def rotate_record_link(attendee: Attendee) -> None:
    """Replace the learning-record link: every link handed out before answers 404."""
    row = db.session.get(RecordLink, attendee.id)
    if row is None:
        db.session.add(RecordLink(attendee_id=attendee.id, version=2))
    else:
        row.version += 1
        row.rotated_at = utcnow()
    db.session.flush()


def attendee_for_record(event: Event, token: str, secret_key: str) -> Attendee:
    """The attendee a verification link names; NotFound when forged, foreign, replaced by a
    newer link, or erased."""
    invalid = NotFound(_("This verification link is not valid."), code="record_not_found")
    try:
        payload = URLSafeSerializer(secret_key, salt=_SALT).loads(token)
    except (BadSignature, ValueError, TypeError) as error:
        raise invalid from error
    if not isinstance(payload, list) or len(payload) not in (2, 3):
        raise invalid
    event_id, attendee_id, *rest = payload
    version = rest[0] if rest else 1  # links made before rotation existed: version 1
    ok_ids = all(isinstance(v, int) and not isinstance(v, bool) for v in payload)
    attendee = (
        db.session.get(Attendee, attendee_id) if ok_ids and 0 < attendee_id <= MAX_ID else None
    )
    if attendee is None or event_id != event.id or attendee.event_id != event.id:
        raise invalid
    if attendee.deleted_at is not None:
        raise NotFound(_("This learning record no longer exists."), code="record_not_found")
    if version != link_version(attendee):
        raise NotFound(
            _("This verification link was replaced by a newer one."), code="record_not_found"
        )
    return attendee
