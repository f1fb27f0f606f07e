"""VTIMEZONE components limited to the years a calendar needs.

icalendar's `Timezone.from_tzinfo` writes each onset in the local time after
the change (03:00 for a 02:00 spring-forward), while RFC 5545 counts it in the
offset in force before it; and its default 1970-2038 range makes some parsers
pick the wrong rule. We write one observance per real transition within the
years asked for, each onset in its TZOFFSETFROM local time.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_HOUR = timedelta(hours=1)


def _offset(tz: ZoneInfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(tz).utcoffset()
    assert offset is not None
    return offset


def _transition_instant(tz: ZoneInfo, before: datetime, after: datetime) -> datetime:
    """The first UTC minute in (before, after] whose offset differs from `before`'s."""
    old = _offset(tz, before)
    lo, hi = before, after
    while hi - lo > timedelta(minutes=1):
        mid = lo + (hi - lo) / 2
        mid = mid.replace(second=0, microsecond=0)
        if mid <= lo:
            break
        if _offset(tz, mid) == old:
            lo = mid
        else:
            hi = mid
    return hi


@lru_cache(maxsize=64)
def transitions(tzid: str, first_year: int, last_year: int) -> tuple[datetime, ...]:
    """UTC instants at which `tzid` changes offset during the given years."""
    tz = ZoneInfo(tzid)
    start = datetime(first_year, 1, 1, tzinfo=UTC) - timedelta(days=1)
    end = datetime(last_year + 1, 1, 1, tzinfo=UTC) + timedelta(days=1)
    found: list[datetime] = []
    instant, current = start, _offset(tz, start)
    while instant < end:
        nxt = instant + _HOUR
        offset = _offset(tz, nxt)
        if offset != current:
            found.append(_transition_instant(tz, instant, nxt))
            current = offset
        instant = nxt
    return tuple(found)


def build_vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for `tzid` that is exact from Jan 1 of first_year to Dec 31 of last_year."""
    tz = ZoneInfo(tzid)
    component = Timezone()
    component.add("tzid", tzid)
    component.add("x-lic-location", tzid)
    first_local = datetime(first_year, 1, 1, tzinfo=tz)
    start = first_local.astimezone(UTC)
    onsets: list[tuple[datetime, timedelta, timedelta, str, bool]] = []
    initial = _offset(tz, start)
    onsets.append(
        (
            first_local.replace(tzinfo=None),
            initial,
            initial,
            first_local.tzname() or tzid,
            bool(first_local.dst()),
        )
    )
    previous = initial
    for instant in transitions(tzid, first_year, last_year):
        if instant < start:
            previous = _offset(tz, instant)
            continue
        local = instant.astimezone(tz)
        new = _offset(tz, instant)
        onset = (instant + previous).replace(tzinfo=None)
        onsets.append((onset, previous, new, local.tzname() or tzid, bool(local.dst())))
        previous = new
    for onset, offset_from, offset_to, name, is_dst in onsets:
        sub = TimezoneDaylight() if is_dst else TimezoneStandard()
        sub.add("dtstart", onset)
        sub.add("tzoffsetfrom", offset_from)
        sub.add("tzoffsetto", offset_to)
        sub.add("tzname", name)
        component.add_component(sub)
    return component
