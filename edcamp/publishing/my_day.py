"""The hub's "your next session": the first of the phone's sessions (voted or starred) that
has not ended yet, on the published grid."""

from __future__ import annotations

from datetime import UTC, datetime

from edcamp.models import Attendee, Event
from edcamp.publishing import personal, service
from edcamp.publishing.model import ScheduleInfo, SessionInfo
from edcamp.urls import base_url


def next_session(info: ScheduleInfo, mine: set[int], now: datetime) -> SessionInfo | None:
    upcoming = upcoming_sessions(info, mine, now)
    return upcoming[0] if upcoming else None


def upcoming_sessions(info: ScheduleInfo, mine: set[int], now: datetime) -> list[SessionInfo]:
    """The phone's sessions that have not ended, in time order. The hub sends them all, so a
    copy read later (offline) moves "your next session" along by the phone's clock."""
    upcoming = [s for s in info.sessions if s.id in mine and s.ends_at > now]
    return sorted(upcoming, key=lambda s: (s.starts_at, s.room.name))


def my_next_session(
    event: Event, attendee: Attendee | None
) -> tuple[ScheduleInfo | None, list[SessionInfo]]:
    """(the published grid or None, the attendee's sessions still to come, next first)."""
    pub = service.published(event.slug)
    if not pub.schedule_id:
        return None, []
    info = service.schedule_info(pub, base_url())
    if attendee is None:
        return info, []
    return info, upcoming_sessions(info, personal.my_session_ids(attendee), datetime.now(UTC))
