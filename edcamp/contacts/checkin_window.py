"""When "I'm here" is accepted: from 15 minutes before a session's slot to its end.

Slots are wall-clock times of the event's day, so the window is worked out in the event's
time zone; a check-in outside it would put a session the phone never attended on the
learning record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from edcamp.formatting import clock

OPENS_BEFORE = timedelta(minutes=15)


@dataclass(frozen=True)
class CheckinWindow:
    opens_at: datetime
    starts_at: datetime
    ends_at: datetime

    def state(self, now: datetime) -> str:
        """'early', 'open' or 'over' at ``now`` (an aware datetime)."""
        if now < self.opens_at:
            return "early"
        if now > self.ends_at:
            return "over"
        return "open"

    def local(self, moment: datetime) -> str:
        """``moment`` as the event's wall-clock time, e.g. '09:45', in the reader's language."""
        return clock(moment, self.starts_at.tzinfo)


def window_for(day: date, timezone: str, starts: time, ends: time) -> CheckinWindow:
    zone = ZoneInfo(timezone)
    starts_at = datetime.combine(day, starts, tzinfo=zone)
    ends_at = datetime.combine(day, ends, tzinfo=zone)
    return CheckinWindow(starts_at - OPENS_BEFORE, starts_at, ends_at)


def utcnow() -> datetime:
    return datetime.now(UTC)
