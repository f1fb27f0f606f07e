"""The door sign leads to the session page: joined phones check in with one tap there;
phones that have not joined are sent to the join page and come back to the session."""

from __future__ import annotations

from html import unescape

from edcamp.extensions import db
from edcamp.models import Attendee, CheckIn


def _session_path(scene) -> str:
    return f"/events/{scene.event.slug}/sessions/{scene.maker.id}"


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def test_joined_phone_sees_im_here_on_the_session_page_and_checks_in(client, scene, join_as):
    join_as(scene.event, name="Eve")
    assert "I'm here" in _text(client.get(_session_path(scene)))

    response = client.post(
        f"/events/{scene.event.slug}/sessions/{scene.maker.id}/checkin", data={"here": "1"}
    )

    assert response.status_code == 302
    db.session.rollback()
    eve = db.session.query(Attendee).filter_by(name="Eve").one()
    assert db.session.get(CheckIn, (eve.id, scene.maker.id)) is not None
    assert "You're checked in" in _text(client.get(_session_path(scene)))


def test_visitor_is_asked_to_join_and_returns_to_the_session(client, scene):
    page = _text(client.get(_session_path(scene)))
    assert "Join the event to check in" in page
    assert "I'm here" not in page

    joined = client.post(
        f"/events/{scene.event.slug}/join?next={_session_path(scene)}",
        data={"code": scene.event.join_code, "name": "Fay"},
    )

    assert joined.status_code == 302
    assert joined.headers["Location"] == _session_path(scene)


def test_join_refuses_an_offsite_next(client, scene):
    joined = client.post(
        f"/events/{scene.event.slug}/join?next=//evil.example/x",
        data={"code": scene.event.join_code, "name": "Gus"},
    )

    assert joined.status_code == 302
    assert joined.headers["Location"] == f"/events/{scene.event.slug}"


def test_door_sign_room_page_offers_check_in_to_what_runs_now(client, scene, join_as):
    room = scene.event.rooms[0]  # Makerspaces runs there in the first slot, 10:30-12:00
    path = f"/events/{scene.event.slug}/rooms/{room.id}"
    day = scene.event.date.isoformat()

    visitor = _text(client.get(path, query_string={"at": f"{day}T10:40"}))
    assert "Join the event to check in" in visitor

    join_as(scene.event, name="Hal")
    during = _text(client.get(path, query_string={"at": f"{day}T10:40"}))
    later = _text(client.get(path, query_string={"at": f"{day}T13:30"}))

    assert "Makerspaces" in during
    assert f"/sessions/{scene.maker.id}/checkin" in during
    assert "/checkin" not in later  # nothing runs there then: nothing to check into
