"""The professional learning record: what an attendee facilitated and attended, and for how
long, with a signed verification link that re-reads the organizer's record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from itsdangerous import BadSignature, URLSafeSerializer

from edcamp.contacts.people import load_participation, published_entries
from edcamp.errors import NotFound
from edcamp.extensions import db
from edcamp.models import Attendee, Event

_SALT = "edcamp.learning-record"


@dataclass(frozen=True)
class RecordLine:
    title: str
    part: str  # "Facilitated" or "Attended"
    room: str
    starts_at: time
    ends_at: time
    slot_id: int

    @property
    def minutes(self) -> int:
        return _minutes(self.starts_at, self.ends_at)


@dataclass(frozen=True)
class LearningRecord:
    attendee_name: str
    event_name: str
    event_date: date
    venue: str
    organizers: tuple[str, ...]
    lines: tuple[RecordLine, ...]

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


def _minutes(start: time, end: time) -> int:
    day = date(2000, 1, 1)
    delta = datetime.combine(day, end) - datetime.combine(day, start)
    return max(0, int(delta.total_seconds() // 60))


def learning_record(attendee: Attendee) -> LearningRecord:
    """Read from the organizer's data: the published grid, facilitators and check-ins."""
    if attendee.deleted_at is not None:
        raise NotFound("This learning record no longer exists.", code="record_not_found")
    event: Event = attendee.event
    part = load_participation(event)
    lines = []
    for entry in published_entries(event):
        pid = entry.proposal_id
        if attendee.id in part.facilitated.get(pid, ()):
            kind = "Facilitated"
        elif attendee.id in part.checked_in.get(pid, ()):
            kind = "Attended"
        else:
            continue
        lines.append(
            RecordLine(
                title=entry.proposal.title,
                part=kind,
                room=entry.room.name,
                starts_at=entry.slot.starts_at,
                ends_at=entry.slot.ends_at,
                slot_id=entry.slot_id,
            )
        )
    lines.sort(key=lambda line: (line.starts_at, line.title))
    return LearningRecord(
        attendee_name=attendee.display_name,
        event_name=event.name,
        event_date=event.date,
        venue=event.venue or "",
        organizers=tuple(o.display_name for o in event.organizers),
        lines=tuple(lines),
    )


def record_token(attendee: Attendee, secret_key: str) -> str:
    return URLSafeSerializer(secret_key, salt=_SALT).dumps([attendee.event_id, attendee.id])


def attendee_for_record(event: Event, token: str, secret_key: str) -> Attendee:
    """The attendee a verification link names; NotFound when forged, foreign or erased."""
    try:
        event_id, attendee_id = URLSafeSerializer(secret_key, salt=_SALT).loads(token)
    except (BadSignature, ValueError, TypeError) as error:
        raise NotFound("This verification link is not valid.", code="record_not_found") from error
    attendee = db.session.get(Attendee, attendee_id) if isinstance(attendee_id, int) else None
    if attendee is None or event_id != event.id or attendee.event_id != event.id:
        raise NotFound("This verification link is not valid.", code="record_not_found")
    if attendee.deleted_at is not None:
        raise NotFound("This learning record no longer exists.", code="record_not_found")
    return attendee
