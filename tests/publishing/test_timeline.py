"""Now / next, filters and per-room views over a plain schedule."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from edcamp.publishing.timeline import When, happening, sections, slot_states, tags

from .factories import make_schedule

NY = ZoneInfo("America/New_York")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 7, 18, hour, minute, tzinfo=NY)


def test_now_and_next_follow_the_clock():
    schedule = make_schedule()  # slots at 9:00, 10:00, 11:15, 13:00, 45 minutes each

    states = slot_states(schedule.slots, at(10, 30))

    assert [states[s.id] for s in schedule.slots] == [When.PAST, When.NOW, When.NEXT, When.LATER]


def test_between_slots_the_upcoming_one_is_next_and_none_is_now():
    schedule = make_schedule()

    states = slot_states(schedule.slots, at(10, 50))

    assert [states[s.id] for s in schedule.slots] == [When.PAST, When.PAST, When.NEXT, When.LATER]


def test_now_is_compared_in_utc_whatever_zone_the_clock_reads():
    schedule = make_schedule()
    utc_clock = at(9, 10).astimezone(ZoneInfo("UTC"))

    states = slot_states(schedule.slots, utc_clock)

    assert states[schedule.slots[0].id] is When.NOW


def test_sections_group_sessions_by_slot_in_room_order():
    schedule = make_schedule(rooms=3, cancelled=(2,))

    result = sections(schedule, at(8))

    assert [len(s.sessions) for s in result] == [2, 3, 3, 3]
    assert [s.room.name for s in result[1].sessions] == ["Room 101", "Room 102", "Room 103"]
    assert result[0].when is When.NEXT


def test_room_and_tag_filters():
    schedule = make_schedule(rooms=3)

    by_room = sections(schedule, at(8), room_id=2)
    by_tag = sections(schedule, at(8), tag="MATH")
    by_missing_tag = sections(schedule, at(8), tag="art")

    assert {s.room.id for sec in by_room for s in sec.sessions} == {2}
    assert sum(len(sec.sessions) for sec in by_tag) == 12
    assert by_missing_tag == []


def test_only_keeps_my_sessions():
    schedule = make_schedule(rooms=2)

    mine = sections(schedule, at(8), only=frozenset({1, 4}))

    assert [[s.id for s in sec.sessions] for sec in mine] == [[1], [4]]


def test_happening_now_per_room():
    schedule = make_schedule(rooms=2)

    rows = happening(schedule, at(10, 10))

    assert [(r.now.id if r.now else None, r.next.id if r.next else None) for r in rows] == [
        (3, 5),
        (4, 6),
    ]
    late = happening(schedule, at(18))
    assert all(r.now is None and r.next is None for r in late)


def test_tags_are_listed_once():
    assert tags(make_schedule()) == ["k-5", "math"]
