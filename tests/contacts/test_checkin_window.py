"""Check-in is accepted from 15 minutes before a session's slot to its end, in the event's
time zone; the room page (the door sign's QR code) offers it for what runs there now."""

from __future__ import annotations

from datetime import UTC, datetime
from html import unescape

import pytest

from edcamp.contacts import people
from edcamp.errors import Conflict
from edcamp.extensions import db
from edcamp.models import CheckIn
from tests.contacts.conftest import propose, publish
from tests.helpers import bearer, error_code


@pytest.fixture
def tokyo(make_event, make_attendee):
    """09:00-09:50 in Tokyo on 13 June 2026 is 00:00-00:50 UTC."""
    event = make_event(timezone="Asia/Tokyo", slots=[("09:00", "09:50"), ("10:00", "10:50")])
    attendee, _ = make_attendee(event, "Kei")
    first = propose(event, attendee, "Morning session")
    publish(event, [(first, 0, 0)])
    return attendee, first


@pytest.mark.parametrize(
    ("utc", "accepted"),
    [
        ("2026-06-12T23:44", False),  # 08:44 in Tokyo: 16 minutes early
        ("2026-06-12T23:45", True),  # 08:45: check-in opens
        ("2026-06-13T00:30", True),  # during the session
        ("2026-06-13T00:50", True),  # its last minute
        ("2026-06-13T00:51", False),  # over
        ("2026-06-13T09:00", False),  # 09:00 UTC, the session's clock time in the wrong zone
    ],
)
def test_check_in_only_around_the_slot_in_the_event_time_zone(app, tokyo, utc, accepted):
    attendee, session = tokyo
    now = datetime.fromisoformat(utc).replace(tzinfo=UTC)
    if accepted:
        assert people.check_in(attendee, session, now=now) is True
    else:
        with pytest.raises(Conflict) as caught:
            people.check_in(attendee, session, now=now)
        assert caught.value.code in {"checkin_not_open", "checkin_closed"}
        assert db.session.get(CheckIn, (attendee.id, session.id)) is None


def test_early_check_in_says_when_it_opens(app, tokyo):
    attendee, session = tokyo
    with pytest.raises(Conflict, match="opens at 08:45"):
        people.check_in(attendee, session, now=datetime(2026, 6, 12, 20, 0, tzinfo=UTC))


def _later_session(scene):
    """'Unpopular idea' in the second slot (12:15 there; it is 11:xx now), version 2."""
    publish(scene.event, [(scene.maker, 0, 0), (scene.unscheduled, 0, 1)], version=2)
    return scene.unscheduled


def test_session_later_today_cannot_be_checked_into_yet_page_and_api(client, scene):
    later = _later_session(scene)
    response = client.put(
        f"/api/v1/events/{scene.event.slug}/sessions/{later.id}/checkin",
        headers=bearer(scene.ann_token),
    )
    assert response.status_code == 409
    assert error_code(response) == "checkin_not_open"
    assert db.session.get(CheckIn, (scene.ann.id, later.id)) is None

    now = client.put(
        f"/api/v1/events/{scene.event.slug}/sessions/{scene.maker.id}/checkin",
        headers=bearer(scene.ann_token),
    )
    assert now.status_code == 200


def test_session_page_says_when_check_in_opens_instead_of_offering_it(client, scene, join_as):
    later = _later_session(scene)
    join_as(scene.event, name="Ivy")
    page = unescape(client.get(f"/events/{scene.event.slug}/sessions/{later.id}").text)
    assert "Check-in opens at 12:00" in page
    assert "I'm here</button>" not in page
    running = unescape(client.get(f"/events/{scene.event.slug}/sessions/{scene.maker.id}").text)
    assert "I'm here</button>" in running


def test_room_page_offers_the_session_starting_in_a_quarter_hour(client, scene, join_as):
    later = _later_session(scene)
    join_as(scene.event, name="Jo")
    path = f"/events/{scene.event.slug}/rooms/{scene.event.rooms[0].id}"
    day = scene.event.date.isoformat()

    before = unescape(client.get(path, query_string={"at": f"{day}T12:05"}).text)
    assert "Starting soon" in before
    assert f"/sessions/{later.id}/checkin" in before

    gap = unescape(client.get(path, query_string={"at": f"{day}T09:00"}).text)
    assert "Nothing runs in this room right now." in gap
    assert "Next" in gap
    assert "Makerspaces" in gap
    assert "at 10:30" in gap
    assert "/checkin" not in gap
