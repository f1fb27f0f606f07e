"""Organizers set one session's notes link; it wins over the event's template."""

from __future__ import annotations

import pytest

from edcamp.extensions import db
from tests.helpers import bearer, error_code

from .helpers import add_proposal, publish, vevents


@pytest.fixture
def session_setup(make_event, make_organizer, make_attendee):
    organizer = make_organizer()
    event = make_event(
        organizer,
        slug="edcamp-notes",
        notes_url_template="https://notes.example.org/{event}/{session}",
    )
    host, host_token = make_attendee(event, name="Host")
    proposal = add_proposal(event, host, "Math games")
    library, _ = event.rooms
    publish(event, [(proposal, library, event.slots[0])])
    return {"event": event, "organizer": organizer, "proposal": proposal, "host_token": host_token}


def path(setup) -> str:
    return f"/api/v1/events/edcamp-notes/sessions/{setup['proposal'].id}/notes-link"


PAD = "https://pad.example.org/m"


def assert_notes_link_is(client, setup, url: str) -> None:
    """The session keeps ``url``, in the database and in the calendar feed people read."""
    proposal = setup["proposal"]
    db.session.refresh(proposal)
    feed = vevents(client.get("/events/edcamp-notes/schedule.ics").data)
    assert proposal.notes_url == url
    assert url in feed[str(proposal.id)]["description"]
    assert "elsewhere.example.net" not in feed[str(proposal.id)]["description"]


def test_organizer_sets_and_clears_a_session_notes_link(client, session_setup, organizer_token):
    token = organizer_token(session_setup["organizer"])
    pid = str(session_setup["proposal"].id)

    set_response = client.put(
        path(session_setup), json={"notes_url": "https://pad.example.org/m"}, headers=bearer(token)
    )
    feed_after_set = vevents(client.get("/events/edcamp-notes/schedule.ics").data)
    cleared = client.put(path(session_setup), json={"notes_url": ""}, headers=bearer(token))
    feed_after_clear = vevents(client.get("/events/edcamp-notes/schedule.ics").data)

    assert set_response.status_code == 200
    assert set_response.get_json()["notes_url"] == "https://pad.example.org/m"
    assert "https://pad.example.org/m" in feed_after_set[pid]["description"]
    assert cleared.get_json()["notes_url"] == ""
    assert f"https://notes.example.org/edcamp-notes/{pid}" in feed_after_clear[pid]["description"]


@pytest.mark.parametrize(
    "body",
    [
        {"notes_url": "javascript:alert(1)"},
        {"notes_url": "notes.example.org/x"},
        {"notes_url": "https://x.example/" + "a" * 600},
        {"notes_url": 42},
        {},
        {"notes_url": "https://x.example", "extra": 1},
    ],
)
def test_bad_notes_links_are_422(client, session_setup, organizer_token, body):
    token = organizer_token(session_setup["organizer"])
    client.put(path(session_setup), json={"notes_url": PAD}, headers=bearer(token))

    response = client.put(path(session_setup), json=body, headers=bearer(token))

    assert response.status_code in (400, 422)
    assert error_code(response)
    assert_notes_link_is(client, session_setup, PAD)


def test_only_the_event_organizers_may_set_it(
    client, session_setup, make_organizer, organizer_token
):
    own = organizer_token(session_setup["organizer"])
    other = organizer_token(make_organizer())
    client.put(path(session_setup), json={"notes_url": PAD}, headers=bearer(own))
    body = {"notes_url": "https://elsewhere.example.net/taken-over"}

    anonymous = client.put(path(session_setup), json=body)
    attendee = client.put(
        path(session_setup), json=body, headers=bearer(session_setup["host_token"])
    )
    stranger = client.put(path(session_setup), json=body, headers=bearer(other))

    assert anonymous.status_code == 401
    assert attendee.status_code == 401
    assert stranger.status_code == 403
    assert_notes_link_is(client, session_setup, PAD)


def test_unknown_session_is_404(client, session_setup, organizer_token):
    token = organizer_token(session_setup["organizer"])

    response = client.put(
        "/api/v1/events/edcamp-notes/sessions/999999/notes-link",
        json={"notes_url": ""},
        headers=bearer(token),
    )

    assert response.status_code == 404
    assert error_code(response) == "session_not_found"


def test_organizer_form_on_the_session_page(client, session_setup, login):
    login(session_setup["organizer"])
    pid = session_setup["proposal"].id

    page = client.get(f"/events/edcamp-notes/sessions/{pid}").get_data(as_text=True)
    bad = client.post(
        f"/events/edcamp-notes/sessions/{pid}/notes-link",
        data={"notes_url": "ftp://x"},
        follow_redirects=True,
    )
    good = client.post(
        f"/events/edcamp-notes/sessions/{pid}/notes-link",
        data={"notes_url": "https://pad.example.org/form"},
        follow_redirects=True,
    )

    assert "Notes link for this session" in page
    assert "must be a web address" in bad.get_data(as_text=True)
    assert "https://pad.example.org/form" in good.get_data(as_text=True)


def test_attendees_do_not_see_the_organizer_form(client, session_setup):
    pid = session_setup["proposal"].id

    page = client.get(f"/events/edcamp-notes/sessions/{pid}").get_data(as_text=True)
    post = client.post(f"/events/edcamp-notes/sessions/{pid}/notes-link", data={"notes_url": ""})

    assert "Notes link for this session" not in page
    assert post.status_code in (302, 401)
