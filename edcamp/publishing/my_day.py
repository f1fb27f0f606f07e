"""The hub's "your next session": the first of the phone's sessions (voted or starred) that
has not ended yet, on the published grid."""

from __future__ import annotations

from datetime import UTC, datetime

from edcamp.models import Attendee, Event
from edcamp.publishing import personal, service
from edcamp.publishing.model import ScheduleInfo, SessionInfo
from edcamp.urls import base_url


def next_session(info: ScheduleInfo, mine: set[int], now: datetime) -> SessionInfo | None:
    upcoming = [s for s in info.sessions if s.id in mine and s.ends_at > now]
    return min(upcoming, key=lambda s: (s.starts_at, s.room.name), default=None)


def my_next_session(
    event: Event, attendee: Attendee | None
) -> tuple[ScheduleInfo | None, SessionInfo | None]:
    """(the published grid or None, the attendee's next session or None)."""
    pub = service.published(event.slug)
    if not pub.schedule_id:
        return None, None
    info = service.schedule_info(pub, base_url())
    if attendee is None:
        return info, None
    return info, next_session(info, personal.my_session_ids(attendee), datetime.now(UTC))
