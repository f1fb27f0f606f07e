"""Editing a time slot in place (its times and its break), on the manage page and through the
API: sessions stay in it, overlaps and bad times are refused with a clear message, never a 500."""

from __future__ import annotations

import pytest

from edcamp.extensions import db
from edcamp.models import Event, ScheduleEntry, Slot
from tests.events.test_rooms_slots_api import schedule_in, slots_of
from tests.helpers import bearer, error_code


@pytest.fixture
def api(make_event, organizer_token):
    event = make_event()
    return event, bearer(organizer_token(event.organizers[0]))


@pytest.fixture
def signed_in(client, make_event, login):
    event = make_event(name="Edcamp Slots")
    login(event.organizers[0])
    return client, event


def _text(response) -> str:
    return response.get_data(as_text=True)


def test_the_manage_page_changes_a_slots_times_in_place(signed_in):
    client, event = signed_in
    slot = event.slots[0]
    response = client.post(
        f"/events/{event.slug}/slots/{slot.id}",
        data={"action": "save", "starts_at": "8.45", "ends_at": "9:40am", "break_label": ""},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#slot-{slot.id}")
    assert slots_of(event.id) == ["08:45-09:40", "10:00-10:50"]
    page = _text(client.get(f"/events/{event.slug}/manage"))
    assert "Slot saved: 08:45–09:40." in page
    assert f'id="slot-starts-{slot.id}" name="starts_at" value="08:45"' in page


def test_a_slot_keeps_its_sessions_when_its_times_change(signed_in):
    client, event = signed_in
    slot = event.slots[0]
    schedule_in(event, event.rooms[0], slot)
    client.post(
        f"/events/{event.slug}/slots/{slot.id}",
        data={"action": "save", "starts_at": "09:10", "ends_at": "09:55"},
    )
    db.session.rollback()
    assert f"{db.session.get(Slot, slot.id).starts_at:%H:%M}" == "09:10"
    assert db.session.query(ScheduleEntry).filter_by(slot_id=slot.id).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"starts_at": "09:30", "ends_at": "10:15"}, "That overlaps the 10:00-10:50 slot."),
        ({"starts_at": "09:30", "ends_at": "09:00"}, "A slot must end after it starts."),
        ({"starts_at": "25:00", "ends_at": "26:00"}, "25:00 is not a time of day."),
        ({"starts_at": "", "ends_at": "09:50"}, "This field is required."),
        ({"starts_at": "9" * 10_000, "ends_at": "09:50"}, "Use a time like 9:30"),
        ({"starts_at": "<b>9</b>", "ends_at": "09:50"}, "Use a time like 9:30"),
        ({"break_label": "x" * 81}, "Field cannot be longer than 80 characters."),
    ],
)
def test_a_bad_slot_row_shows_its_error_in_the_row_and_changes_nothing(signed_in, data, message):
    client, event = signed_in
    slot = event.slots[0]
    form = {"action": "save", "starts_at": "09:00", "ends_at": "09:50", **data}
    response = client.post(f"/events/{event.slug}/slots/{slot.id}", data=form)
    assert response.status_code == 422
    html = _text(response)
    assert message in html
    row = html[html.index(f'id="slot-{slot.id}"') : html.index(f'id="slot-{event.slots[1].id}"')]
    assert 'aria-invalid="true"' in row  # the error sits in the row that failed
    assert "<b>9</b>" not in html
    assert slots_of(event.id) == ["09:00-09:50", "10:00-10:50"]
    assert 'value="Edcamp Slots"' in html  # the other forms show what is stored


def test_a_slot_with_sessions_cannot_become_a_break(signed_in):
    client, event = signed_in
    slot = event.slots[0]
    schedule_in(event, event.rooms[0], slot)
    response = client.post(
        f"/events/{event.slug}/slots/{slot.id}",
        data={"action": "save", "starts_at": "09:00", "ends_at": "09:50", "break_label": "Lunch"},
    )
    assert response.status_code == 422
    assert "Sessions are scheduled in this slot" in _text(response)
    db.session.rollback()
    assert db.session.get(Slot, slot.id).break_label == ""


def test_the_row_removes_a_slot_too(signed_in):
    client, event = signed_in
    client.post(f"/events/{event.slug}/slots/{event.slots[1].id}", data={"action": "remove"})
    assert slots_of(event.id) == ["09:00-09:50"]


def test_other_events_slots_are_not_found(signed_in, make_event):
    client, event = signed_in
    other = make_event()
    response = client.post(
        f"/events/{event.slug}/slots/{other.slots[0].id}",
        data={"action": "save", "starts_at": "07:00", "ends_at": "07:30"},
    )
    assert response.status_code == 404
    assert slots_of(other.id) == ["09:00-09:50", "10:00-10:50"]


# API ---------------------------------------------------------------------------------------


def test_patch_changes_a_slots_times(client, api):
    event, headers = api
    slot_id = event.slots[1].id
    response = client.patch(
        f"/api/v1/events/{event.slug}/slots/{slot_id}",
        json={"starts_at": "10:15", "ends_at": "11:00"},
        headers=headers,
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["starts_at"].endswith("T10:15:00-04:00")
    assert slots_of(event.id) == ["09:00-09:50", "10:15-11:00"]


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"starts_at": "09:30"}, 409, "slot_overlaps"),
        ({"ends_at": "09:59"}, 422, "invalid"),
        ({"starts_at": 930}, 422, "invalid"),
        ({"starts_at": None}, 422, "invalid"),
        ({}, 422, "invalid"),
        ({"room": 1}, 422, "invalid"),
    ],
)
def test_patch_refuses_bad_times_without_changes(client, api, body, status, code):
    event, headers = api
    response = client.patch(
        f"/api/v1/events/{event.slug}/slots/{event.slots[1].id}", json=body, headers=headers
    )
    assert response.status_code == status, response.get_json()
    assert error_code(response) == code
    assert slots_of(event.id) == ["09:00-09:50", "10:00-10:50"]


def test_patch_by_an_attendee_is_refused(client, api, make_attendee):
    event, _headers = api
    _attendee, token = make_attendee(event)
    response = client.patch(
        f"/api/v1/events/{event.slug}/slots/{event.slots[0].id}",
        json={"starts_at": "07:00"},
        headers=bearer(token),
    )
    assert response.status_code in (401, 403)
    assert db.session.get(Event, event.id) is not None
    assert slots_of(event.id) == ["09:00-09:50", "10:00-10:50"]
