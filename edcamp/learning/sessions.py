"""The sessions that count for one attendee: on the published grid, led or checked into."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from flask_babel import gettext as _
from flask_babel import pgettext

from edcamp.contacts.people import load_participation, published_entries
from edcamp.errors import Forbidden, NotFound
from edcamp.models import Attendee, ScheduleEntry
from edcamp.urls import MAX_ID


@dataclass(frozen=True)
class RecordLine:
    title: str
    part: str  # "Facilitated" or "Attended"
    room: str
    starts_at: time
    ends_at: time
    slot_id: int
    session_id: int = 0

    @property
    def minutes(self) -> int:
        return _minutes(self.starts_at, self.ends_at)

    @property
    def part_label(self) -> str:
        """The part as people read it, in the page's language (``part`` stays the code)."""
        if self.part == "Facilitated":
            return pgettext("part in a session", "Facilitated")
        return pgettext("part in a session", "Attended")


def _minutes(start: time, end: time) -> int:
    day = date(2000, 1, 1)
    delta = datetime.combine(day, end) - datetime.combine(day, start)
    return max(0, int(delta.total_seconds() // 60))


def _part(attendee: Attendee, entry: ScheduleEntry, part) -> str | None:
    pid = entry.proposal_id
    if attendee.id in part.facilitated.get(pid, ()):
        return "Facilitated"
    if attendee.id in part.checked_in.get(pid, ()):
        return "Attended"
    return None


def record_lines(attendee: Attendee) -> list[RecordLine]:
    """The sessions of the published grid this attendee led or checked into, by time."""
    part = load_participation(attendee.event)
    lines = []
    for entry in published_entries(attendee.event):
        kind = _part(attendee, entry, part)
        if kind is None:
            continue
        lines.append(
            RecordLine(
                title=entry.proposal.title,
                part=kind,
                room=entry.room.name,
                starts_at=entry.slot.starts_at,
                ends_at=entry.slot.ends_at,
                slot_id=entry.slot_id,
                session_id=entry.proposal_id,
            )
        )
    lines.sort(key=lambda line: (line.starts_at, line.title))
    return lines


def session_line(attendee: Attendee, session_id: int) -> RecordLine:
    """One session this attendee may reflect on: 404 when it is not a published session of
    their event, 403 when they neither led it nor checked into it."""
    if not 0 < session_id <= MAX_ID:
        raise NotFound(_("There is no such session in this event."), code="proposal_not_found")
    entries = {e.proposal_id: e for e in published_entries(attendee.event)}
    if session_id not in entries:
        raise NotFound(
            _("There is no such session on this event's published schedule."),
            code="proposal_not_found",
        )
    for line in record_lines(attendee):
        if line.session_id == session_id:
            return line
    raise Forbidden(
        _("You can reflect on the sessions you led or checked into (\u201cI'm here\u201d)."),
        code="not_your_session",
    )
