"""While voting is open and show_counts is off, GET .../schedule carries no vote counts and no
order derived from them, published or not; organizers still see everything."""

from __future__ import annotations

import json

import pytest

from edcamp.extensions import db
from tests.helpers import bearer


@pytest.fixture
def quiet_camp(make_event, make_organizer, make_attendee, make_proposal, organizer_token):
    organizer = make_organizer()
    event = make_event(organizer, slug="quiet", rooms=[("Library", 30)], slots=[("09:00", "09:50")])
    event.show_counts = False
    db.session.commit()
    voters = [make_attendee(event)[0] for _ in range(9)]
    # Ids in another order than votes: 1 vote, 9 votes, 5 votes.
    ids = [make_proposal(event, f"Topic {n}", voters=voters[:n]).id for n in (1, 9, 5)]
    return event, ids, bearer(organizer_token(organizer))


def keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys(v)}
    return set()


def test_unpublished_schedule_hides_counts_and_vote_order(client, quiet_camp):
    _event, ids, _headers = quiet_camp

    body = client.get("/api/v1/events/quiet/schedule").get_json()

    assert "votes" not in keys(body)
    assert "votes_total" not in json.dumps(body)
    assert body["unscheduled"] == sorted(ids)
    assert body["counts_hidden"] is True


def test_published_schedule_hides_counts_while_voting_is_open(client, quiet_camp):
    _event, ids, headers = quiet_camp
    client.post("/api/v1/events/quiet/schedule/build", json={}, headers=headers)
    client.post("/api/v1/events/quiet/schedule/publish", headers=headers)

    body = client.get("/api/v1/events/quiet/schedule").get_json()

    assert body["assignments"], body
    assert {"votes", "clashing_voters", "conflict_share"}.isdisjoint(keys(body))
    assert body["unscheduled"] == sorted(body["unscheduled"])


def test_organizers_still_see_counts(client, quiet_camp):
    _event, ids, headers = quiet_camp

    body = client.get("/api/v1/events/quiet/schedule", headers=headers).get_json()

    assert body["unscheduled"] == [ids[1], ids[2], ids[0]]  # most votes first
    assert body["metrics"]["votes_total"] == 15


def test_counts_come_back_when_voting_closes(client, quiet_camp):
    event, ids, headers = quiet_camp
    client.patch("/api/v1/events/quiet", json={"voting": "closed"}, headers=headers)

    body = client.get("/api/v1/events/quiet/schedule").get_json()

    assert body["unscheduled"] == [ids[1], ids[2], ids[0]]
    assert "counts_hidden" not in body
