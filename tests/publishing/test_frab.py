"""The frab / c3voc schedule validates against the shared schemas."""

from __future__ import annotations

import json
import os
import re
import uuid
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from edcamp.publishing.frab import acronym, build_json, build_xml, hhmm, session_slug
from edcamp.publishing.model import ScheduleInfo, SlotInfo

from .factories import make_event, make_schedule, make_session

SCHEMAS = Path(__file__).resolve().parents[2].parent / "shared" / "schemas"


def schema_file(name: str) -> Path:
    path = SCHEMAS / name
    if not path.exists():
        message = f"{path} is missing: the c3voc schemas live in ../shared/schemas next to the repo"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


def validate_json(document: dict) -> None:
    schema = json.loads(schema_file("c3voc-schedule.schema.json").read_text())
    validator_class = jsonschema.validators.validator_for(schema)
    validator = validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(document), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def validate_xml(data: bytes) -> None:
    schema = etree.XMLSchema(etree.parse(str(schema_file("c3voc-schedule.xsd"))))
    doc = etree.fromstring(data)
    assert schema.validate(doc), str(schema.error_log)


def events_of(document: dict) -> list[dict]:
    return [
        item
        for day in document["schedule"]["conference"]["days"]
        for items in day["rooms"].values()
        for item in items
    ]


@pytest.fixture
def schedule() -> ScheduleInfo:
    return make_schedule(cancelled=(5,))


def test_json_validates_against_c3voc_schema(schedule):
    document = build_json(schedule)

    validate_json(json.loads(json.dumps(document)))


def test_xml_validates_against_c3voc_xsd(schedule):
    validate_xml(build_xml(schedule))


def test_json_schema_rejects_a_broken_document(schedule):
    document = build_json(schedule)
    document["schedule"]["conference"]["acronym"] = "edcamp-boston"

    with pytest.raises(AssertionError, match="acronym"):
        validate_json(document)


def test_xsd_rejects_a_broken_document(schedule):
    data = build_xml(schedule).replace(b"<duration>00:45", b"<duration>45 min")

    with pytest.raises(AssertionError, match="duration"):
        validate_xml(data)


def test_acronym_has_no_hyphens_and_four_characters():
    assert acronym("edcamp-boston-2026") == "edcamp_boston_2026"
    assert acronym("ab") == "ab_camp"
    assert re.fullmatch(r"[a-z0-9_]{4,}", acronym("Édcamp!!"))


def test_events_carry_integer_ids_uuid_guids_and_unique_slugs(schedule):
    items = events_of(build_json(schedule))

    assert len(items) == len(schedule.sessions) - 1  # the cancelled one is left out
    assert all(isinstance(item["id"], int) and item["id"] >= 1 for item in items)
    assert all(uuid.UUID(item["guid"]).version == 5 for item in items)
    assert len({item["slug"] for item in items}) == len(items)
    assert len({item["guid"] for item in items}) == len(items)
    assert 5 not in {item["id"] for item in items}


def test_guid_is_stable_between_builds():
    first = {e["id"]: e["guid"] for e in events_of(build_json(make_schedule()))}
    second = {e["id"]: e["guid"] for e in events_of(build_json(make_schedule(version=2)))}

    assert first == second


def test_times_are_local_with_offset_and_hhmm_durations(schedule):
    first = events_of(build_json(schedule))[0]

    assert first["date"] == "2026-07-18T09:00:00-04:00"
    assert first["start"] == "09:00"
    assert first["duration"] == "00:45"
    assert first["room"] == "Room 101"
    assert [p["public_name"] for p in first["persons"]] == ["Ada Lovelace", "Grace Hopper"]
    assert first["links"][0]["url"] == "https://notes.example.org/edcamp-boston-2026/1"


def test_conference_structure(schedule):
    conference = build_json(schedule)["schedule"]["conference"]

    assert conference["daysCount"] == 1
    assert conference["start"] == conference["end"] == "2026-07-18"
    assert conference["time_zone_name"] == "America/New_York"
    assert conference["timeslot_duration"] == "00:15"
    (day,) = conference["days"]
    assert day["index"] == 1
    assert day["day_start"] == "2026-07-18T09:00:00-04:00"
    assert day["day_end"] == "2026-07-18T13:45:00-04:00"
    assert list(day["rooms"]) == ["Room 101", "Room 102", "Room 103"]


def test_hostile_titles_still_validate():
    event = make_event(slug="x", date=date(2026, 7, 18))
    base = make_schedule(event, rooms=1, slot_starts=((9, 0),))
    odd = make_session(
        event,
        1,
        base.rooms[0],
        base.slots[0].starts_at,
        title="!!! \x07<script>&amp;",
        description="bell\x07 and tab\t and emoji 🎉",
        tags=("Über tag",),
        facilitators=(),
        notes_url="",
    )
    schedule = ScheduleInfo(
        event=event,
        version=1,
        published_at=base.published_at,
        rooms=base.rooms,
        slots=base.slots,
        sessions=(odd,),
    )

    validate_json(json.loads(json.dumps(build_json(schedule))))
    validate_xml(build_xml(schedule))
    assert session_slug(event, odd) == "x_camp-1-script-amp"


def test_empty_schedule_validates():
    schedule = make_schedule(rooms=2, slot_starts=())

    validate_json(build_json(schedule))
    validate_xml(build_xml(schedule))


def test_hhmm_counts_hours_past_a_day():
    from datetime import timedelta

    assert hhmm(timedelta(minutes=45)) == "00:45"
    assert hhmm(timedelta(hours=25, minutes=5)) == "25:05"


def with_lunch(schedule: ScheduleInfo, label: str = "Lunch") -> ScheduleInfo:
    """`schedule` with a break slot at 12:00-12:45 (no sessions in it)."""
    start = schedule.slots[-1].starts_at.replace(hour=12, minute=0)
    lunch = SlotInfo(
        id=99, starts_at=start, ends_at=start + timedelta(minutes=45), break_label=label
    )
    return replace(schedule, slots=(*schedule.slots, lunch))


def test_a_break_is_one_event_of_type_break_for_all_rooms_and_validates(schedule):
    document = build_json(with_lunch(schedule))

    validate_json(json.loads(json.dumps(document)))
    validate_xml(build_xml(with_lunch(schedule)))
    conference = document["schedule"]["conference"]
    (day,) = conference["days"]
    (lunch,) = day["rooms"]["All rooms"]
    assert (lunch["title"], lunch["type"], lunch["start"], lunch["duration"]) == (
        "Lunch",
        "break",
        "12:00",
        "00:45",
    )
    assert lunch["persons"] == []
    assert lunch["room"] == "All rooms"
    assert [i for i in events_of(document) if i["type"] == "break"] == [lunch]
    assert conference["rooms"][-1]["name"] == "All rooms"
    ids = [i["id"] for i in events_of(document)]
    assert len(set(ids)) == len(ids)  # a break's id never takes a session's
    again = build_json(with_lunch(make_schedule(cancelled=(5,), version=2)))
    assert events_of(again)[-1]["guid"] == lunch["guid"]


def test_a_break_shows_in_the_xml_under_its_own_room():
    root = etree.fromstring(build_xml(with_lunch(make_schedule(), "Smackdown & goodbye")))

    (room,) = root.findall("day/room[@name='All rooms']")
    (event,) = room.findall("event")
    assert event.findtext("title") == "Smackdown & goodbye"
    assert event.findtext("type") == "break"
    assert event.findtext("start") == "12:00"


def test_a_room_called_all_rooms_keeps_its_name_and_breaks_move_aside():
    schedule = make_schedule()
    renamed = replace(schedule.rooms[0], name="All rooms")
    schedule = replace(schedule, rooms=(renamed, *schedule.rooms[1:]))

    conference = build_json(with_lunch(schedule))["schedule"]["conference"]

    names = [room["name"] for room in conference["rooms"]]
    assert names[0] == "All rooms"
    assert names[-1] == "All rooms (breaks)"
    assert [e["title"] for e in conference["days"][0]["rooms"]["All rooms (breaks)"]] == ["Lunch"]
