"""The personal feed: voted or starred sessions; dropped ones cancelled; its own token."""

from __future__ import annotations

import pytest

from edcamp.extensions import db
from edcamp.publishing import personal
from edcamp.voting.service import cast_vote, retract_vote
from tests.helpers import bearer, error_code

from .helpers import add_proposal, publish, vevents


@pytest.fixture
def setup(make_event, make_attendee):
    event = make_event(slug="edcamp-personal")
    host, _ = make_attendee(event, name="Host")
    me, token = make_attendee(event, name="Me")
    proposals = [add_proposal(event, host, t) for t in ("Voted", "Starred", "Other")]
    library, room1 = event.rooms
    first, second = event.slots
    cells = [
        (proposals[0], library, first),
        (proposals[1], room1, first),
        (proposals[2], library, second),
    ]
    publish(event, cells)
    cast_vote(event, me, proposals[0].id)
    personal.set_star(me, proposals[1].id, True)
    db.session.commit()
    return {"event": event, "me": me, "token": token, "proposals": proposals, "cells": cells}


def feed(client, attendee) -> dict:
    response = client.get(f"/feeds/{attendee.feed_token}.ics")
    assert response.status_code == 200, response.data
    assert response.headers["Cache-Control"].startswith("private")
    return vevents(response.data)


def test_feed_holds_voted_and_starred_sessions(client, setup):
    voted, starred, other = setup["proposals"]

    events = feed(client, setup["me"])

    assert set(events) == {str(voted.id), str(starred.id)}
    assert {ev["status"] for ev in events.values()} == {"CONFIRMED"}


def test_dropping_a_star_cancels_the_session_with_a_higher_sequence(client, setup):
    voted, starred, _ = setup["proposals"]
    before = feed(client, setup["me"])

    personal.set_star(setup["me"], starred.id, False)
    db.session.commit()
    after = feed(client, setup["me"])

    assert after[str(starred.id)]["status"] == "CANCELLED"
    assert after[str(starred.id)]["sequence"] > before[str(starred.id)]["sequence"]
    assert after[str(starred.id)]["uid"] == before[str(starred.id)]["uid"]
    assert after[str(voted.id)]["status"] == "CONFIRMED"


def test_retracted_vote_is_cancelled_and_coming_back_raises_sequence_again(client, setup):
    voted = setup["proposals"][0]
    event, me = setup["event"], setup["me"]
    feed(client, me)
    retract_vote(event, me, voted.id)
    db.session.commit()
    cancelled = feed(client, me)[str(voted.id)]

    cast_vote(event, me, voted.id)
    db.session.commit()
    back = feed(client, me)[str(voted.id)]

    assert cancelled["status"] == "CANCELLED"
    assert back["status"] == "CONFIRMED"
    assert back["sequence"] > cancelled["sequence"]


def test_session_taken_off_the_grid_is_cancelled(client, setup):
    voted = setup["proposals"][0]
    feed(client, setup["me"])

    publish(setup["event"], setup["cells"][1:])
    events = feed(client, setup["me"])

    assert events[str(voted.id)]["status"] == "CANCELLED"


def test_never_shown_session_is_not_cancelled(client, setup):
    other = setup["proposals"][2]
    personal.set_star(setup["me"], other.id, True)
    personal.set_star(setup["me"], other.id, False)
    db.session.commit()

    events = feed(client, setup["me"])

    assert str(other.id) not in events


def test_unchanged_feed_answers_304(client, setup):
    me = setup["me"]
    first = client.get(f"/feeds/{me.feed_token}.ics")

    again = client.get(
        f"/feeds/{me.feed_token}.ics", headers={"If-None-Match": first.headers["ETag"]}
    )

    assert again.status_code == 304


def test_feed_token_is_not_the_attendee_token(client, setup):
    me, token = setup["me"], setup["token"]
    event = setup["event"]

    by_feed_token = client.get(f"/api/v1/events/{event.slug}/stars", headers=bearer(me.feed_token))
    by_attendee_token = client.get(f"/feeds/{token}.ics")

    assert me.feed_token != token
    assert by_feed_token.status_code == 401
    assert by_attendee_token.status_code == 404


def test_rotating_the_feed_token_retires_the_old_link(client, setup):
    me, token = setup["me"], setup["token"]
    old = me.feed_token

    response = client.post(
        f"/api/v1/events/{setup['event'].slug}/feed-token", headers=bearer(token)
    )

    assert response.status_code == 200
    new_url = response.get_json()["feed_url"]
    db.session.refresh(me)
    assert new_url == f"https://edcamp.test/feeds/{me.feed_token}.ics"
    assert me.feed_token != old
    assert client.get(f"/feeds/{old}.ics").status_code == 404
    assert client.get(f"/feeds/{me.feed_token}.ics").status_code == 200


def test_feed_of_a_deleted_attendee_is_gone(client, setup):
    from edcamp.models import utcnow

    me = setup["me"]
    me.deleted_at = utcnow()
    db.session.commit()

    response = client.get(f"/feeds/{me.feed_token}.ics")

    assert response.status_code == 404
    assert error_code(response) == "not_found"


def test_personal_feed_before_publishing_is_an_empty_calendar(client, make_event, make_attendee):
    event = make_event(slug="edcamp-early")
    me, _ = make_attendee(event)

    response = client.get(f"/feeds/{me.feed_token}.ics")

    assert response.status_code == 200
    assert vevents(response.data) == {}
    assert b"BEGIN:VTIMEZONE" in response.data
