"""The stars API: who may star, bad input, idempotence."""

from __future__ import annotations

import pytest

from edcamp.extensions import db
from edcamp.publishing import personal
from tests.helpers import bearer, error_code

from .helpers import add_proposal


@pytest.fixture
def event_with_proposal(make_event, make_attendee):
    event = make_event(slug="edcamp-stars")
    host, host_token = make_attendee(event, name="Host")
    proposal = add_proposal(event, host, "Starry session")
    return event, proposal, host_token


def test_star_and_unstar_are_idempotent(client, event_with_proposal):
    event, proposal, token = event_with_proposal
    path = f"/api/v1/events/{event.slug}/stars/{proposal.id}"

    first = client.put(path, headers=bearer(token))
    second = client.put(path, headers=bearer(token))
    listed = client.get(f"/api/v1/events/{event.slug}/stars", headers=bearer(token))
    removed = client.delete(path, headers=bearer(token))
    removed_again = client.delete(path, headers=bearer(token))

    assert first.status_code == second.status_code == 200
    assert listed.get_json()["stars"] == [proposal.id]
    assert listed.get_json()["feed_url"].startswith("https://edcamp.test/feeds/")
    assert removed.get_json()["stars"] == []
    assert removed_again.status_code == 200


def test_starring_needs_an_attendee(client, event_with_proposal, make_organizer, organizer_token):
    event, proposal, _ = event_with_proposal
    path = f"/api/v1/events/{event.slug}/stars/{proposal.id}"

    anonymous = client.put(path)
    organizer = client.put(path, headers=bearer(organizer_token(make_organizer())))
    garbage = client.put(path, headers=bearer("att_nonsense"))

    assert anonymous.status_code == 401
    assert error_code(anonymous) == "unauthorized"
    assert organizer.status_code == 401
    assert garbage.status_code == 401


def test_attendee_of_another_event_cannot_star_here(
    client, event_with_proposal, make_event, make_attendee
):
    event, proposal, _ = event_with_proposal
    other = make_event(slug="edcamp-elsewhere")
    _, outsider_token = make_attendee(other)

    here = client.put(
        f"/api/v1/events/{event.slug}/stars/{proposal.id}", headers=bearer(outsider_token)
    )
    there = client.put(
        f"/api/v1/events/{other.slug}/stars/{proposal.id}", headers=bearer(outsider_token)
    )

    assert here.status_code == 401
    assert there.status_code == 404
    assert error_code(there) == "session_not_found"


@pytest.mark.parametrize("proposal_id", ["999999", "0"])
def test_unknown_session_is_404(client, event_with_proposal, proposal_id):
    event, _, token = event_with_proposal

    response = client.put(f"/api/v1/events/{event.slug}/stars/{proposal_id}", headers=bearer(token))
    listed = client.get(f"/api/v1/events/{event.slug}/stars", headers=bearer(token))

    assert response.status_code == 404
    assert error_code(response) == "session_not_found"
    assert listed.get_json()["stars"] == []


def test_hidden_session_cannot_be_starred(client, event_with_proposal):
    event, proposal, token = event_with_proposal
    proposal.hidden = True
    db.session.commit()

    response = client.put(f"/api/v1/events/{event.slug}/stars/{proposal.id}", headers=bearer(token))
    listed = client.get(f"/api/v1/events/{event.slug}/stars", headers=bearer(token))

    assert response.status_code == 404
    assert listed.get_json()["stars"] == []
    assert personal.starred_ids(proposal.proposer) == set()


def test_non_numeric_id_is_a_json_404(client, event_with_proposal):
    event, _, token = event_with_proposal

    response = client.put(f"/api/v1/events/{event.slug}/stars/abc", headers=bearer(token))

    assert response.status_code == 404
    assert error_code(response) == "not_found"


def test_unknown_event_is_404(client):
    response = client.get("/api/v1/events/no-such-event/stars")

    assert response.status_code == 404
    assert error_code(response) == "event_not_found"
