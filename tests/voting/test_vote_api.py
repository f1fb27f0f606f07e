"""Voting through the API: the limit, toggling, open/closed voting, bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest

from edcamp.extensions import db
from edcamp.models import Vote, utcnow
from tests.helpers import bearer, error_code, propose


@pytest.fixture
def voting(make_event, make_attendee, client):
    """An event with votes_per_attendee=2, three proposals and an attendee token."""
    event = make_event(votes_per_attendee=2)
    _proposer, proposer_token = make_attendee(event)
    ids = propose(client, event, proposer_token, "Genius hour", "Podcasting", "Grading for equity")
    _voter, token = make_attendee(event)
    return event, ids, token


def vote_url(event, proposal_id):
    return f"/api/v1/events/{event.slug}/proposals/{proposal_id}/vote"


def test_vote_spends_one_of_the_attendees_votes(client, voting):
    event, ids, token = voting
    response = client.post(vote_url(event, ids[0]), headers=bearer(token))
    assert response.status_code == 200
    assert response.get_json()["votes_left"] == 1
    assert response.get_json()["voted"] is True


def test_repeating_a_vote_is_a_no_op(client, voting):
    event, ids, token = voting
    client.post(vote_url(event, ids[0]), headers=bearer(token))
    again = client.post(vote_url(event, ids[0]), headers=bearer(token))
    assert again.status_code == 200
    assert again.get_json()["votes_left"] == 1
    assert db.session.query(Vote).count() == 1


def test_vote_rejected_when_no_votes_left(client, voting):
    event, ids, token = voting
    client.post(vote_url(event, ids[0]), headers=bearer(token))
    client.post(vote_url(event, ids[1]), headers=bearer(token))
    third = client.post(vote_url(event, ids[2]), headers=bearer(token))
    assert third.status_code == 409
    assert error_code(third) == "no_votes_left"
    assert db.session.query(Vote).count() == 2


def test_taking_a_vote_back_frees_it_and_its_ballot(client, voting):
    event, ids, token = voting
    client.post(vote_url(event, ids[0]), headers=bearer(token))
    client.post(vote_url(event, ids[1]), headers=bearer(token))
    back = client.delete(vote_url(event, ids[0]), headers=bearer(token))
    assert back.get_json() == {
        "votes_left": 1,
        "voted": False,
        "proposal_id": ids[0],
        "my_votes": [ids[1]],
    }
    again = client.delete(vote_url(event, ids[0]), headers=bearer(token))
    assert again.status_code == 200
    assert again.get_json()["votes_left"] == 1
    third = client.post(vote_url(event, ids[2]), headers=bearer(token))
    assert third.status_code == 200
    assert sorted(v.ballot for v in db.session.query(Vote)) == [1, 2]


def test_vote_rejected_when_voting_closed(client, voting):
    event, ids, token = voting
    event.voting = "closed"
    db.session.commit()
    response = client.post(vote_url(event, ids[0]), headers=bearer(token))
    assert response.status_code == 409
    assert error_code(response) == "voting_closed"
    back = client.delete(vote_url(event, ids[0]), headers=bearer(token))
    assert error_code(back) == "voting_closed"


def test_vote_rejected_after_the_scheduled_close(client, voting):
    event, ids, token = voting
    event.voting_closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    response = client.post(vote_url(event, ids[0]), headers=bearer(token))
    assert error_code(response) == "voting_closed"


def test_vote_needs_an_attendee_token(client, voting):
    event, ids, _token = voting
    assert error_code(client.post(vote_url(event, ids[0]))) == "unauthorized"
    bad = client.post(vote_url(event, ids[0]), headers=bearer("att_not-a-token"))
    assert bad.status_code == 401


def test_token_of_another_event_cannot_vote(client, voting, make_event, make_attendee):
    event, ids, token = voting
    client.post(vote_url(event, ids[1]), headers=bearer(token))
    _stranger, other_token = make_attendee(make_event())
    before = sorted((v.attendee_id, v.proposal_id, v.ballot) for v in db.session.query(Vote))

    response = client.post(vote_url(event, ids[0]), headers=bearer(other_token))
    taken_back = client.delete(vote_url(event, ids[1]), headers=bearer(other_token))

    assert response.status_code == 401
    assert error_code(response) == "unauthorized"
    assert taken_back.status_code == 401
    db.session.rollback()  # see what the requests committed
    after = sorted((v.attendee_id, v.proposal_id, v.ballot) for v in db.session.query(Vote))
    assert after == before
    assert len(after) == 1


def test_unknown_hidden_and_foreign_proposals_cannot_get_votes(
    client, voting, make_event, make_attendee
):
    event, ids, token = voting
    other = make_event()
    _a, other_token = make_attendee(other)
    foreign = client.post(
        f"/api/v1/events/{other.slug}/proposals", json={"title": "X"}, headers=bearer(other_token)
    ).get_json()["id"]
    from edcamp.models import Proposal

    db.session.get(Proposal, ids[2]).hidden = True
    db.session.commit()
    for proposal_id in (999_999, foreign, ids[2], 2**40):
        response = client.post(vote_url(event, proposal_id), headers=bearer(token))
        assert response.status_code == 404, proposal_id
        assert error_code(response) in ("proposal_not_found", "not_found")
    assert client.post(vote_url(event, "abc"), headers=bearer(token)).status_code == 404
    assert client.post(f"/api/v1/events/nope/proposals/{ids[0]}/vote").status_code == 404


def test_my_votes_lists_the_callers_votes(client, voting):
    event, ids, token = voting
    client.post(vote_url(event, ids[1]), headers=bearer(token))
    mine = client.get(f"/api/v1/events/{event.slug}/votes", headers=bearer(token))
    assert mine.get_json() == {"votes_left": 1, "my_votes": [ids[1]]}


def test_a_lowered_limit_counts_the_votes_already_cast(client, make_event, make_attendee):
    # Ballot 1 is free again, but the attendee already holds as many votes as the new limit.
    event = make_event(votes_per_attendee=3)
    _proposer, proposer_token = make_attendee(event)
    ids = propose(client, event, proposer_token, "Genius hour", "Podcasting", "Makerspaces")
    _voter, token = make_attendee(event)
    for proposal_id in ids:
        client.post(vote_url(event, proposal_id), headers=bearer(token))
    client.delete(vote_url(event, ids[0]), headers=bearer(token))
    event.votes_per_attendee = 2
    db.session.commit()

    again = client.post(vote_url(event, ids[0]), headers=bearer(token))

    assert again.status_code == 409
    assert error_code(again) == "no_votes_left"
    db.session.rollback()
    assert sorted(v.proposal_id for v in db.session.query(Vote)) == sorted(ids[1:])
