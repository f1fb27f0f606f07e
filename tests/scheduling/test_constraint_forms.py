"""The constraints through the organizer's forms: room features, breaks, needs and length."""

from __future__ import annotations

import re

from edcamp.extensions import db
from tests.helpers import bearer


def test_room_form_saves_features_and_the_manage_page_shows_them(client, camp, login):
    login(camp.organizer)
    room = camp.rooms[1]

    response = client.post(
        f"/events/camp/rooms/{room.id}",
        data={"action": "save", "name": room.name, "capacity": 10, "features": "Quiet, projector"},
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert room.features == ["projector", "quiet"]
    page = client.get("/events/camp/manage").get_data(as_text=True)
    assert 'value="projector, quiet"' in page


def test_a_bad_feature_is_a_message_and_saves_nothing(client, camp, login):
    login(camp.organizer)
    room = camp.rooms[0]

    response = client.post(
        f"/events/camp/rooms/{room.id}",
        data={"action": "save", "name": room.name, "capacity": 30, "features": "x" * 41},
    )

    db.session.expire_all()
    assert room.features == []
    assert response.status_code == 422  # the room's row is drawn again with its message
    assert "at most 40 characters" in response.get_data(as_text=True)


def test_a_slot_becomes_a_break_and_back(client, camp, login):
    login(camp.organizer)
    added = client.post(
        "/events/camp/slots",
        data={"starts_at": "12:00", "ends_at": "12:45", "break_label": "Lunch"},
    )
    assert added.status_code == 302
    db.session.expire_all()
    lunch = next(s for s in camp.event.slots if s.break_label)
    assert lunch.break_label == "Lunch"
    page = client.get("/events/camp/manage").get_data(as_text=True)
    assert f"Slot {lunch.starts_at:%H:%M}" in page
    assert "(Lunch)</legend>" in page
    assert re.search(r'name="break_label"[^>]*value="Lunch"', page)

    client.post(f"/events/camp/slots/{lunch.id}/break", data={"break_label": ""})

    db.session.expire_all()
    assert lunch.break_label == ""


def test_the_proposal_form_sets_needs_and_a_double_session(client, camp, login):
    login(camp.organizer)
    p = camp.proposals[0]

    response = client.post(
        f"/events/camp/proposals/{p.id}/edit",
        data={"title": p.title, "description": "", "tags": "", "needs": "kitchen", "length": "2"},
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert (p.needs, p.length) == (["kitchen"], 2)
    form = client.get(f"/events/camp/proposals/{p.id}/edit").get_data(as_text=True)
    assert 'value="kitchen"' in form


def _as_attendee(client, attendee):
    with client.session_transaction() as session:
        session["attendees"] = {str(attendee.event_id): attendee.id}
    return client


def test_an_attendee_ticks_the_slots_they_cannot_make_on_their_profile(client, camp):
    leader = camp.attendees[0]
    late = camp.slots[1]
    _as_attendee(client, leader)
    page = client.get("/events/camp/me").get_data(as_text=True)
    assert "Slots I can&#39;t make" in page or "Slots I can't make" in page

    response = client.post("/events/camp/me/availability", data={"unavailable_slot_ids": [late.id]})

    assert response.status_code == 302
    db.session.expire_all()
    assert leader.unavailable_slot_ids == [late.id]
    page = client.get("/events/camp/me").get_data(as_text=True)
    assert f'value="{late.id}" checked' in page


def test_availability_refuses_other_events_slots_and_junk(client, camp, make_event):
    other = make_event(slug="other", rooms=[("Hall", 10)], slots=[("09:00", "09:50")])
    leader = camp.attendees[0]
    _as_attendee(client, leader)

    for bad in ([str(other.slots[0].id)], ["x"], ["-1"]):
        client.post("/events/camp/me/availability", data={"unavailable_slot_ids": bad})
        db.session.expire_all()
        assert leader.unavailable_slot_ids == []


def test_erasing_oneself_also_erases_the_slots_one_could_not_make(client, camp):
    token = camp.tokens[0]
    late = camp.slots[1].id
    client.patch(
        "/api/v1/events/camp/me", json={"unavailable_slot_ids": [late]}, headers=bearer(token)
    )

    response = client.delete("/api/v1/events/camp/me", headers=bearer(token))

    assert response.status_code == 204
    db.session.expire_all()
    assert camp.attendees[0].unavailable_slot_ids == []
