"""Around every 2026 offset change of zones with odd rules, all four parsers agree."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edcamp.publishing.model import ScheduleInfo
from edcamp.publishing.vtimezone import transitions

from .factories import make_event, make_rooms, make_session
from .test_ical import (
    expected_times,
    feed,
    times_ical,
    times_icalendar,
    times_icaljs,
    times_vobject,
)

ZONES = [
    "Europe/Berlin",
    "Australia/Sydney",
    "Australia/Lord_Howe",  # a 30-minute daylight shift
    "America/St_Johns",  # a -03:30 offset
    "Pacific/Auckland",
    "America/Santiago",
    "Asia/Kolkata",  # no changes at all
    "UTC",
]
PARSERS = [times_icalendar, times_vobject, times_ical]


def around_changes(zone: str) -> ScheduleInfo:
    """Sessions starting every 20 minutes from 3 h before to 3 h after each change."""
    tz = ZoneInfo(zone)
    event = make_event(timezone=zone, date=date(2026, 6, 1))
    (room,) = make_rooms(event, 1)
    moments = [datetime(2026, 6, 1, 10, 0, tzinfo=UTC)]
    for change in transitions(zone, 2026, 2026):
        moments += [change + timedelta(minutes=m) for m in range(-180, 181, 20)]
    sessions = tuple(
        make_session(event, i, room, moment.astimezone(tz), 50)
        for i, moment in enumerate(moments, start=1)
    )
    return ScheduleInfo(
        event=event, version=1, published_at=datetime(2026, 1, 1, tzinfo=UTC), sessions=sessions
    )


@pytest.mark.parametrize("zone", ZONES)
def test_all_parsers_agree_around_each_change(zone):
    schedule = around_changes(zone)
    data = feed(schedule)
    expected = expected_times(schedule)

    results = {parse.__name__: parse(data) for parse in [*PARSERS, times_icaljs]}

    for name, parsed in results.items():
        wrong = {
            uid: (parsed.get(uid), want)
            for uid, want in expected.items()
            if parsed.get(uid) != want
        }
        assert not wrong, f"{name} in {zone}: {wrong[:3]}"


@settings(max_examples=30, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    starts=st.lists(
        st.datetimes(min_value=datetime(2026, 1, 2), max_value=datetime(2026, 12, 30)).map(
            lambda moment: moment.replace(second=0, microsecond=0)  # slots are whole minutes
        ),
        min_size=1,
        max_size=4,
    ),
    minutes=st.integers(min_value=5, max_value=600),
)
def test_python_parsers_agree_on_any_times(zone, starts, minutes):
    tz = ZoneInfo(zone)
    event = make_event(timezone=zone, date=date(2026, 6, 1))
    (room,) = make_rooms(event, 1)
    sessions = tuple(
        make_session(event, i, room, start.replace(tzinfo=UTC).astimezone(tz), minutes)
        for i, start in enumerate(starts, start=1)
    )
    schedule = ScheduleInfo(
        event=event, version=1, published_at=datetime(2026, 1, 1, tzinfo=UTC), sessions=sessions
    )
    data = feed(schedule)

    for parse in PARSERS:
        assert parse(data) == expected_times(schedule), parse.__name__
