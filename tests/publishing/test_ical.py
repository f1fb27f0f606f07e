"""The iCal builder: every feed parses the same way in four independent parsers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

from edcamp.publishing.ical import build_calendar, session_uid
from edcamp.publishing.model import ScheduleInfo, SessionInfo, Status

from .factories import make_event, make_rooms, make_schedule, make_session

ICALJS_DUMP = Path(__file__).with_name("icaljs_dump.mjs")
NEW_YORK = ZoneInfo("America/New_York")

Times = dict[str, tuple[datetime, datetime]]


def summer_schedule() -> ScheduleInfo:
    return make_schedule(make_event(date=date(2026, 7, 18)))


def dst_schedule() -> ScheduleInfo:
    """Sessions around both 2026 changes in New York, some straddling them."""
    event = make_event(date=date(2026, 3, 8))
    room_a, room_b = make_rooms(event, 2)
    sessions = (
        # spring forward: 02:00 EST becomes 03:00 EDT on 8 March
        make_session(event, 1, room_a, datetime(2026, 3, 8, 1, 30, tzinfo=NEW_YORK), 60),
        make_session(event, 2, room_b, datetime(2026, 3, 8, 3, 15, tzinfo=NEW_YORK), 45),
        make_session(event, 3, room_a, datetime(2026, 3, 7, 23, 0, tzinfo=NEW_YORK), 240),
        make_session(event, 4, room_b, datetime(2026, 3, 8, 9, 0, tzinfo=NEW_YORK), 45),
        # fall back: 02:00 EDT becomes 01:00 EST on 1 November
        make_session(event, 5, room_a, datetime(2026, 11, 1, 0, 30, tzinfo=NEW_YORK), 180),
        make_session(event, 6, room_b, datetime(2026, 10, 31, 23, 30, tzinfo=NEW_YORK), 45),
        make_session(event, 7, room_b, datetime(2026, 11, 1, 9, 0, tzinfo=NEW_YORK), 45),
        # the second 01:30 of the night (EST), which a TZID time cannot name
        make_session(event, 8, room_b, datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK)),
    )
    return ScheduleInfo(
        event=event,
        version=1,
        published_at=datetime(2026, 3, 1, tzinfo=UTC),
        rooms=(room_a, room_b),
        sessions=sessions,
    )


def expected_times(schedule: ScheduleInfo) -> Times:
    return {
        session_uid(schedule.event, s): (s.starts_at.astimezone(UTC), s.ends_at.astimezone(UTC))
        for s in schedule.sessions
    }


def feed(schedule: ScheduleInfo) -> bytes:
    return build_calendar(schedule.event, schedule.sessions, stamp=schedule.published_at)


def times_icalendar(data: bytes) -> Times:
    cal = icalendar.Calendar.from_ical(data)
    return {
        str(ev["uid"]): (
            ev.decoded("dtstart").astimezone(UTC),
            ev.decoded("dtend").astimezone(UTC),
        )
        for ev in cal.walk("VEVENT")
    }


def times_vobject(data: bytes) -> Times:
    cal = vobject.readOne(data.decode("utf-8"))
    return {
        ev.uid.value: (ev.dtstart.value.astimezone(UTC), ev.dtend.value.astimezone(UTC))
        for ev in cal.contents.get("vevent", [])
    }


def times_ical(data: bytes) -> Times:
    cal = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return {ev.uid: (ev.dtstart.astimezone(UTC), ev.dtend.astimezone(UTC)) for ev in cal.events}


def icaljs(data: bytes) -> list[dict]:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is required under CI=true to run Mozilla ical.js")
        pytest.skip("node is not installed: cannot run Mozilla ical.js")
    done = subprocess.run(
        [node, str(ICALJS_DUMP)], input=data, capture_output=True, check=True, timeout=60
    )
    return json.loads(done.stdout)


def times_icaljs(data: bytes) -> Times:
    def utc(text: str) -> datetime:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))

    return {ev["uid"]: (utc(ev["start"]), utc(ev["end"])) for ev in icaljs(data)}


@pytest.mark.parametrize("make", [summer_schedule, dst_schedule], ids=["summer", "dst"])
@pytest.mark.parametrize(
    "parse",
    [times_icalendar, times_vobject, times_ical, times_icaljs],
    ids=["icalendar", "vobject", "ical", "ical.js"],
)
def test_parsers_agree_on_utc_start_and_end(make, parse):
    schedule = make()

    parsed = parse(feed(schedule))

    assert parsed == expected_times(schedule)


def test_summer_session_is_at_edt_offset():
    schedule = summer_schedule()

    parsed = times_vobject(feed(schedule))

    first = schedule.sessions[0]
    start, _ = parsed[session_uid(schedule.event, first)]
    assert start == datetime(2026, 7, 18, 13, 0, tzinfo=UTC)


def test_second_occurrence_of_an_ambiguous_time_is_written_in_utc():
    data = feed(dst_schedule()).decode()

    assert "DTSTART:20261101T063000Z" in data
    assert "DTSTART;TZID=America/New_York:20260308T013000" in data


def test_vtimezone_covers_only_the_event_year():
    cal = icalendar.Calendar.from_ical(feed(summer_schedule()))

    (vtimezone,) = cal.walk("VTIMEZONE")
    onsets = [sub.decoded("dtstart") for sub in vtimezone.subcomponents]

    assert vtimezone["tzid"] == "America/New_York"
    assert {onset.year for onset in onsets} == {2026}
    # RFC 5545: the onset is local time in the offset in force before it.
    assert datetime(2026, 3, 8, 2, 0) in onsets
    assert datetime(2026, 11, 1, 2, 0) in onsets


def test_every_vevent_has_what_calendar_apps_need():
    schedule = summer_schedule()
    cal = icalendar.Calendar.from_ical(feed(schedule))

    events = cal.walk("VEVENT")

    assert cal["x-wr-calname"] == "Edcamp Boston 2026"
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT15M" in cal.to_ical().decode()
    assert len(events) == len(schedule.sessions)
    session = schedule.sessions[0]
    vevent = next(ev for ev in events if ev["uid"] == session_uid(schedule.event, session))
    assert vevent.decoded("dtstamp") == schedule.published_at
    assert vevent["sequence"] == 0
    assert vevent["location"] == "Room 101, Boston Latin School"
    assert vevent["url"] == session.url
    assert vevent["status"] == "CONFIRMED"
    text = vevent["description"]
    assert "What we will talk about in session 1." in text
    assert "Facilitators: Ada Lovelace, Grace Hopper" in text
    assert session.url in text
    assert session.notes_url in text
    assert "#edcampbos" in text


def test_uid_is_stable_across_versions_and_moves():
    schedule = summer_schedule()
    session = schedule.sessions[0]
    moved = make_session(
        schedule.event,
        session.id,
        schedule.rooms[2],
        datetime(2026, 7, 18, 14, 0, tzinfo=NEW_YORK),
        sequence=1,
    )

    before = icalendar.Calendar.from_ical(feed(schedule)).walk("VEVENT")[0]
    after = icalendar.Calendar.from_ical(
        build_calendar(schedule.event, [moved], stamp=schedule.published_at)
    ).walk("VEVENT")[0]

    assert before["uid"] == after["uid"]
    assert after["sequence"] == 1
    assert after["location"].startswith("Room 103")


def test_cancelled_session_is_status_cancelled_in_every_parser():
    schedule = make_schedule(cancelled=(2,))
    data = feed(schedule)

    by_uid = {ev["uid"]: ev for ev in icaljs(data)}
    cal = vobject.readOne(data.decode())

    uid = session_uid(schedule.event, schedule.sessions[1])
    assert by_uid[uid]["status"] == "CANCELLED"
    assert [ev.status.value for ev in cal.vevent_list if ev.uid.value == uid] == ["CANCELLED"]
    others = [ev["status"] for u, ev in by_uid.items() if u != uid]
    assert set(others) == {"CONFIRMED"}


def test_same_schedule_gives_same_bytes():
    assert feed(summer_schedule()) == feed(summer_schedule())


def test_naive_stamp_is_rejected():
    schedule = summer_schedule()

    with pytest.raises(ValueError, match="aware"):
        build_calendar(schedule.event, schedule.sessions, stamp=datetime(2026, 1, 1))


def test_empty_calendar_still_parses():
    event = make_event()

    data = build_calendar(event, [], stamp=datetime(2026, 1, 1, tzinfo=UTC))

    assert icaljs(data) == []
    assert times_vobject(data) == {}


def test_session_status_default_is_confirmed():
    schedule = summer_schedule()

    assert all(isinstance(s, SessionInfo) for s in schedule.sessions)
    assert {s.status for s in schedule.sessions} == {Status.CONFIRMED}
