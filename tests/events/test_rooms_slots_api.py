"""Rooms, time slots and co-organizers through the API."""

from __future__ import annotations

from datetime import date

import pytest

from edcamp.extensions import db
from edcamp.models import (
    Attendee,
    BlockedCell,
    Proposal,
    Room,
    Schedule,
    ScheduleEntry,
    Slot,
)
from tests.helpers import bearer, error_code


@pytest.fixture
def setup(make_event, organizer_token):
    """An event (rooms Library 30, Room 1 20; slots 09:00 and 10:00) and its organizer's headers."""
    event = make_event()
    return event, bearer(organizer_token(event.organizers[0]))


def rooms_of(event_id: int) -> list[tuple[str, int]]:
    db.session.rollback()
    rooms = db.session.query(Room).filter_by(event_id=event_id).order_by(Room.id)
    return [(r.name, r.capacity) for r in rooms]


def slots_of(event_id: int) -> list[str]:
    db.session.rollback()
    slots = db.session.query(Slot).filter_by(event_id=event_id).order_by(Slot.starts_at)
    return [f"{s.starts_at:%H:%M}-{s.ends_at:%H:%M}" for s in slots]


def schedule_in(event, room, slot) -> None:
    """Put a proposal on the event's draft grid in that room and slot."""
    attendee = Attendee(
        event=event, name="Pat", token_hash=f"h{event.id}", feed_token=f"f{event.id}"
    )
    proposal = Proposal(event=event, proposer=attendee, title="Podcasting")
    schedule = Schedule(event_id=event.id)
    db.session.add_all([attendee, proposal, schedule])
    db.session.flush()
    db.session.add(
        ScheduleEntry(schedule_id=schedule.id, proposal_id=proposal.id, room=room, slot=slot)
    )
    db.session.commit()


# Rooms ----------------------------------------------------------------------------------------


def test_add_room(client, setup):
    event, headers = setup

    response = client.post(
        f"/api/v1/events/{event.slug}/rooms", json={"name": "Gym", "capacity": 80}, headers=headers
    )

    assert response.status_code == 201
    body = response.get_json()
    assert body["name"] == "Gym"
    assert body["capacity"] == 80
    assert isinstance(body["id"], int)
    assert rooms_of(event.id)[-1] == ("Gym", 80)


def test_duplicate_room_name_is_409(client, setup):
    event, headers = setup

    response = client.post(
        f"/api/v1/events/{event.slug}/rooms",
        json={"name": " library ", "capacity": 10},
        headers=headers,
    )

    assert response.status_code == 409
    assert error_code(response) == "room_exists"
    assert len(rooms_of(event.id)) == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"capacity": 10}, "name"),
        ({"name": "Gym"}, "capacity"),
        ({"name": "", "capacity": 10}, "name"),
        ({"name": "Gym", "capacity": 0}, "capacity"),
        ({"name": "Gym", "capacity": -5}, "capacity"),
        ({"name": "Gym", "capacity": "30"}, "capacity"),
        ({"name": "Gym", "capacity": 30.5}, "capacity"),
        ({"name": "Gym", "capacity": True}, "capacity"),
        ({"name": "Gym", "capacity": 10**20}, "capacity"),
        ({"name": 5, "capacity": 10}, "name"),
        ({"name": ["Gym"], "capacity": 10}, "name"),
        ({"name": "G" * 10_000, "capacity": 10}, "name"),
    ],
)
def test_add_room_with_bad_input_is_422(client, setup, body, field):
    event, headers = setup

    response = client.post(f"/api/v1/events/{event.slug}/rooms", json=body, headers=headers)

    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == field
    assert len(rooms_of(event.id)) == 2


def test_room_name_with_html_is_escaped_on_the_manage_page(client, setup, login):
    event, headers = setup
    client.post(
        f"/api/v1/events/{event.slug}/rooms",
        json={"name": "<img src=x onerror=alert(1)>", "capacity": 5},
        headers=headers,
    )
    login(event.organizers[0])

    page = client.get(f"/events/{event.slug}/manage").get_data(as_text=True)

    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_rename_room(client, setup):
    event, headers = setup
    room_id = event.rooms[0].id

    response = client.patch(
        f"/api/v1/events/{event.slug}/rooms/{room_id}",
        json={"name": "Main Library", "capacity": 45},
        headers=headers,
    )

    assert response.status_code == 200
    assert response.get_json() == {
        "id": room_id,
        "name": "Main Library",
        "capacity": 45,
        "features": [],
    }
    assert rooms_of(event.id)[0] == ("Main Library", 45)


def test_rename_room_to_another_rooms_name_is_409(client, setup):
    event, headers = setup

    response = client.patch(
        f"/api/v1/events/{event.slug}/rooms/{event.rooms[0].id}",
        json={"name": "ROOM 1"},
        headers=headers,
    )

    assert response.status_code == 409
    assert error_code(response) == "room_exists"
    assert rooms_of(event.id) == [("Library", 30), ("Room 1", 20)]


def test_rename_room_with_bad_capacity_changes_nothing(client, setup):
    event, headers = setup

    response = client.patch(
        f"/api/v1/events/{event.slug}/rooms/{event.rooms[0].id}",
        json={"name": "Renamed", "capacity": "lots"},
        headers=headers,
    )

    assert response.status_code == 422
    assert rooms_of(event.id) == [("Library", 30), ("Room 1", 20)]


def test_remove_room(client, setup):
    event, headers = setup
    room = event.rooms[0]
    db.session.add(BlockedCell(room_id=room.id, slot_id=event.slots[0].id, event_id=event.id))
    db.session.commit()

    response = client.delete(f"/api/v1/events/{event.slug}/rooms/{room.id}", headers=headers)

    assert response.status_code == 204
    assert rooms_of(event.id) == [("Room 1", 20)]
    assert db.session.query(BlockedCell).count() == 0


def test_room_removal_refused_while_scheduled(client, setup):
    event, headers = setup
    room, slot = event.rooms[0], event.slots[0]
    schedule_in(event, room, slot)

    response = client.delete(f"/api/v1/events/{event.slug}/rooms/{room.id}", headers=headers)

    assert response.status_code == 409
    assert error_code(response) == "room_in_use"
    assert len(rooms_of(event.id)) == 2
    assert db.session.query(ScheduleEntry).count() == 1


def test_another_events_room_is_404(client, setup, make_event):
    event, headers = setup
    other = make_event()
    foreign = other.rooms[0]

    patched = client.patch(
        f"/api/v1/events/{event.slug}/rooms/{foreign.id}", json={"name": "Mine"}, headers=headers
    )
    deleted = client.delete(f"/api/v1/events/{event.slug}/rooms/{foreign.id}", headers=headers)

    assert patched.status_code == 404
    assert error_code(patched) == "room_not_found"
    assert deleted.status_code == 404
    assert rooms_of(other.id) == [("Library", 30), ("Room 1", 20)]


@pytest.mark.parametrize("room_id", ["999999", "99999999999999999999999", "0"])
def test_unknown_room_id_is_404(client, setup, room_id):
    event, headers = setup

    response = client.delete(f"/api/v1/events/{event.slug}/rooms/{room_id}", headers=headers)

    assert response.status_code == 404
    assert set(response.get_json()) == {"error"}


@pytest.mark.parametrize("slot_id", ["999999", "99999999999999999999999"])
def test_unknown_slot_id_is_404(client, setup, slot_id):
    event, headers = setup

    response = client.delete(f"/api/v1/events/{event.slug}/slots/{slot_id}", headers=headers)

    assert response.status_code == 404
    assert error_code(response) == "slot_not_found"


def test_rooms_of_another_organizers_event_are_403(
    client, make_event, make_organizer, organizer_token
):
    event = make_event()
    headers = bearer(organizer_token(make_organizer()))

    added = client.post(
        f"/api/v1/events/{event.slug}/rooms", json={"name": "Gym", "capacity": 9}, headers=headers
    )
    removed = client.delete(
        f"/api/v1/events/{event.slug}/rooms/{event.rooms[0].id}", headers=headers
    )

    assert added.status_code == 403
    assert removed.status_code == 403
    assert len(rooms_of(event.id)) == 2


def test_rooms_need_auth(client, make_event, make_attendee):
    event = make_event()
    _attendee, token = make_attendee(event)

    anonymous = client.post(
        f"/api/v1/events/{event.slug}/rooms", json={"name": "Gym", "capacity": 9}
    )
    attendee = client.post(
        f"/api/v1/events/{event.slug}/rooms",
        json={"name": "Gym", "capacity": 9},
        headers=bearer(token),
    )

    assert anonymous.status_code == 401
    assert attendee.status_code == 401
    assert len(rooms_of(event.id)) == 2


# Slots ----------------------------------------------------------------------------------------


def test_add_slot_returns_times_with_the_events_offset(client, setup):
    event, headers = setup

    response = client.post(
        f"/api/v1/events/{event.slug}/slots",
        json={"starts_at": "13:00", "ends_at": "13:45"},
        headers=headers,
    )

    assert response.status_code == 201
    body = response.get_json()
    assert body["starts_at"] == "2026-06-13T13:00:00-04:00"  # New York in June
    assert body["ends_at"] == "2026-06-13T13:45:00-04:00"
    assert slots_of(event.id)[-1] == "13:00-13:45"


@pytest.mark.parametrize(
    ("timezone", "day", "offset"),
    [
        ("America/New_York", date(2026, 1, 10), "-05:00"),
        ("Europe/Berlin", date(2026, 6, 13), "+02:00"),
        ("Asia/Kolkata", date(2026, 6, 13), "+05:30"),
        ("UTC", date(2026, 6, 13), "+00:00"),
    ],
)
def test_slot_times_carry_the_offset_of_the_events_zone_and_day(
    client, make_event, organizer_token, timezone, day, offset
):
    event = make_event(timezone=timezone, date=day, slots=[])

    response = client.post(
        f"/api/v1/events/{event.slug}/slots",
        json={"starts_at": "09:00", "ends_at": "09:50"},
        headers=bearer(organizer_token(event.organizers[0])),
    )

    assert response.get_json()["starts_at"] == f"{day.isoformat()}T09:00:00{offset}"


def test_slots_are_returned_sorted(client, setup):
    event, headers = setup
    for start, end in [("15:00", "15:30"), ("08:00", "08:45"), ("11:00", "11:30")]:
        created = client.post(
            f"/api/v1/events/{event.slug}/slots",
            json={"starts_at": start, "ends_at": end},
            headers=headers,
        )
        assert created.status_code == 201

    body = client.get(f"/api/v1/events/{event.slug}").get_json()

    starts = [s["starts_at"][11:16] for s in body["slots"]]
    assert starts == ["08:00", "09:00", "10:00", "11:00", "15:00"]


@pytest.mark.parametrize(
    ("start", "end"),
    [("09:30", "10:30"), ("08:00", "09:01"), ("09:10", "09:20"), ("08:00", "12:00")],
)
def test_overlapping_slot_is_409(client, setup, start, end):
    event, headers = setup

    response = client.post(
        f"/api/v1/events/{event.slug}/slots",
        json={"starts_at": start, "ends_at": end},
        headers=headers,
    )

    assert response.status_code == 409
    assert error_code(response) == "slot_overlaps"
    assert slots_of(event.id) == ["09:00-09:50", "10:00-10:50"]


def test_slot_touching_another_is_fine(client, setup):
    event, headers = setup

    response = client.post(
        f"/api/v1/events/{event.slug}/slots",
        json={"starts_at": "09:50", "ends_at": "10:00"},
        headers=headers,
    )

    assert response.status_code == 201
    assert slots_of(event.id) == ["09:00-09:50", "09:50-10:00", "10:00-10:50"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"starts_at": "12:00", "ends_at": "11:00"}, "ends_at"),
        ({"starts_at": "12:00", "ends_at": "12:00"}, "ends_at"),
        ({"starts_at": "24:00", "ends_at": "24:30"}, "starts_at"),
        ({"starts_at": "12:60", "ends_at": "13:00"}, "starts_at"),
        ({"starts_at": "noon", "ends_at": "13:00"}, "starts_at"),
        ({"starts_at": "12:00:00", "ends_at": "13:00"}, "starts_at"),
        ({"starts_at": 1200, "ends_at": "13:00"}, "starts_at"),
        ({"starts_at": None, "ends_at": "13:00"}, "starts_at"),
        ({"starts_at": ["12:00"], "ends_at": "13:00"}, "starts_at"),
        ({"starts_at": "12:00", "ends_at": "9" * 10_000}, "ends_at"),
        ({"starts_at": "12:00"}, "ends_at"),
        ({"ends_at": "13:00"}, "starts_at"),
    ],
)
def test_add_slot_with_bad_input_is_422(client, setup, body, field):
    event, headers = setup

    response = client.post(f"/api/v1/events/{event.slug}/slots", json=body, headers=headers)

    assert response.status_code == 422
    assert response.get_json()["error"]["field"] == field
    assert slots_of(event.id) == ["09:00-09:50", "10:00-10:50"]


def test_slot_body_must_be_an_object(client, setup):
    event, headers = setup

    response = client.post(
        f"/api/v1/events/{event.slug}/slots", json=["09:00", "09:30"], headers=headers
    )

    assert response.status_code == 400
    assert error_code(response) == "bad_json"


def test_remove_slot(client, setup):
    event, headers = setup

    response = client.delete(
        f"/api/v1/events/{event.slug}/slots/{event.slots[0].id}", headers=headers
    )

    assert response.status_code == 204
    assert slots_of(event.id) == ["10:00-10:50"]


def test_slot_removal_frees_its_blocked_cells(client, setup):
    event, headers = setup
    slot = event.slots[0]
    db.session.add(BlockedCell(room_id=event.rooms[0].id, slot_id=slot.id, event_id=event.id))
    db.session.commit()

    response = client.delete(f"/api/v1/events/{event.slug}/slots/{slot.id}", headers=headers)

    assert response.status_code == 204
    assert slots_of(event.id) == ["10:00-10:50"]
    assert db.session.query(BlockedCell).count() == 0


def test_slot_removal_refused_while_scheduled(client, setup):
    event, headers = setup
    slot = event.slots[1]
    schedule_in(event, event.rooms[0], slot)

    response = client.delete(f"/api/v1/events/{event.slug}/slots/{slot.id}", headers=headers)

    assert response.status_code == 409
    assert error_code(response) == "slot_in_use"
    assert slots_of(event.id) == ["09:00-09:50", "10:00-10:50"]


def test_another_events_slot_is_404(client, setup, make_event):
    event, headers = setup
    other = make_event()

    response = client.delete(
        f"/api/v1/events/{event.slug}/slots/{other.slots[0].id}", headers=headers
    )

    assert response.status_code == 404
    assert error_code(response) == "slot_not_found"
    assert slots_of(other.id) == ["09:00-09:50", "10:00-10:50"]


def test_slots_of_another_organizers_event_are_403(
    client, make_event, make_organizer, organizer_token
):
    event = make_event()
    headers = bearer(organizer_token(make_organizer()))

    added = client.post(
        f"/api/v1/events/{event.slug}/slots",
        json={"starts_at": "14:00", "ends_at": "14:30"},
        headers=headers,
    )
    removed = client.delete(
        f"/api/v1/events/{event.slug}/slots/{event.slots[0].id}", headers=headers
    )

    assert added.status_code == 403
    assert removed.status_code == 403
    assert slots_of(event.id) == ["09:00-09:50", "10:00-10:50"]


# Co-organizers: tests/organizers/test_invitations.py
