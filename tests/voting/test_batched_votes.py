"""PostgreSQL's batched vote: it settles plain votes by itself, hands races and failures to
the transaction, and never loses or doubles a vote. (SQLite has no batched path: every vote
there is the transaction.)"""

from __future__ import annotations

import pytest
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import select, text

from edcamp.extensions import db
from edcamp.models import Vote, utcnow
from edcamp.voting import ballot_box, pg_votes, service
from tests.helpers import bearer, error_code, propose


@pytest.fixture
def voting(app, make_event, make_attendee, client):
    if not pg_votes.available():
        pytest.skip("SQLite has no batched vote (every vote is a transaction there)")
    event = make_event(votes_per_attendee=2)
    proposer, proposer_token = make_attendee(event)
    ids = propose(client, event, proposer_token, "Genius hour", "Podcasting", "Grading for equity")
    voter, token = make_attendee(event)
    return event, ids, voter, token


@pytest.fixture
def no_transaction_path(monkeypatch):
    """Make the transaction path fail loudly: what passes was settled by the batch."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("the vote took the transaction path")

    monkeypatch.setattr(service, "cast_vote", refuse)
    monkeypatch.setattr(ballot_box, "vote_context", refuse)


def vote_url(event, proposal_id):
    return f"/api/v1/events/{event.slug}/proposals/{proposal_id}/vote"


def stored_votes(attendee_id):
    db.session.rollback()  # see what the request committed
    return db.session.scalars(
        select(Vote.proposal_id).where(Vote.attendee_id == attendee_id).order_by(Vote.ballot)
    ).all()


def test_token_votes_and_refusals_are_settled_by_the_batch(client, voting, no_transaction_path):
    event, ids, voter, token = voting
    first = client.post(vote_url(event, ids[0]), headers=bearer(token))
    again = client.post(vote_url(event, ids[0]), headers=bearer(token))
    second = client.post(vote_url(event, ids[1]), headers=bearer(token))
    third = client.post(vote_url(event, ids[2]), headers=bearer(token))
    assert first.get_json()["votes_left"] == 1
    assert again.get_json() == first.get_json()
    assert second.get_json()["my_votes"] == sorted(ids[:2])
    assert third.status_code == 409
    assert error_code(third) == "no_votes_left"
    assert stored_votes(voter.id) == ids[:2]


def test_a_phone_vote_by_session_cookie_is_batched_too(
    client, voting, join_as, no_transaction_path
):
    event, ids, _voter, _token = voting
    join_as(event, name="Phone Voter")
    response = client.post(vote_url(event, ids[2]))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["my_votes"] == [ids[2]]


def test_bad_votes_get_the_same_answers_through_the_batch(
    client, voting, make_event, make_attendee, no_transaction_path
):
    event, ids, _voter, token = voting
    other = make_event()
    _outsider, outsider_token = make_attendee(other)
    cases = [
        (f"/api/v1/events/nowhere/proposals/{ids[0]}/vote", token, 404, "event_not_found"),
        (vote_url(event, 999_999), token, 404, "proposal_not_found"),
        (vote_url(other, ids[0]), outsider_token, 404, "proposal_not_found"),
        (vote_url(event, ids[0]), outsider_token, 401, None),
    ]
    for url, caller, status, code in cases:
        response = client.post(url, headers=bearer(caller))
        assert response.status_code == status, (url, response.get_json())
        if code:
            assert error_code(response) == code


def test_a_vote_that_lost_a_race_in_its_batch_is_reported_not_inserted(app, voting):
    # Two votes of one attendee in one statement (the group never batches them together,
    # as a concurrent one on another worker can be): the last free ballot goes to one; the
    # other is skipped, not an error for the whole batch.
    event, ids, voter, _token = voting
    rows = pg_votes._run_votes(
        pg_votes.engine(app),
        [(event.slug, None, voter.id, ids[0]), (event.slug, None, voter.id, ids[1])],
    )
    db.session.rollback()
    stored = stored_votes(voter.id)
    assert stored in ([ids[0]], [ids[1]])
    inserted = [row[11] for row in rows]
    assert sorted(inserted) == [False, True]
    # ...and the service hands the skipped one to the transaction, which sees the truth.
    skipped = ids[1] if stored == [ids[0]] else ids[0]
    assert skipped not in rows[inserted.index(False)][9]


def test_a_batch_answers_each_vote_in_its_place(app, voting):
    event, ids, voter, token = voting
    from edcamp.accounts.service import hash_token

    rows = pg_votes._run_votes(
        pg_votes.engine(app),
        [
            ("no-such-event", hash_token(token), None, ids[0]),
            (event.slug, hash_token(token), None, ids[0]),
            (event.slug, None, 2_000_000_000, ids[1]),  # nobody
        ],
    )
    assert rows[0] is None
    assert rows[1][6] == voter.id
    assert rows[1][11] is True
    assert rows[2][6] is None
    assert rows[2][11] is False
    assert stored_votes(voter.id) == [ids[0]]


def test_a_dropped_connection_falls_back_and_reconnects(client, voting):
    event, ids, voter, token = voting
    assert client.post(vote_url(event, ids[0]), headers=bearer(token)).status_code == 200
    dropped: list = []
    sqlalchemy_event.listen(pg_votes.engine().pool, "invalidate", lambda *a: dropped.append(a))
    # The server restarts under the pool: its idle autocommit connections die.
    db.session.execute(
        text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND state = 'idle'"
        )
    )
    db.session.commit()
    response = client.post(vote_url(event, ids[1]), headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    assert dropped, "the batch did not meet the dead connection"
    assert stored_votes(voter.id) == ids[:2]  # the transaction cast it
    # The next vote is batched again, on a fresh connection.
    group = app_group()
    before = group.batches
    assert client.delete(vote_url(event, ids[1]), headers=bearer(token)).status_code == 200
    assert client.post(vote_url(event, ids[2]), headers=bearer(token)).status_code == 200
    assert group.batches == before + 1
    assert stored_votes(voter.id) == [ids[0], ids[2]]


def app_group():
    from flask import current_app

    return pg_votes.group(current_app)


def test_votes_after_the_scheduled_close_are_refused(client, voting, no_transaction_path):
    event, ids, voter, token = voting
    event.voting_closes_at = utcnow()
    db.session.commit()
    response = client.post(vote_url(event, ids[0]), headers=bearer(token))
    assert response.status_code == 409
    assert error_code(response) == "voting_closed"
    assert stored_votes(voter.id) == []
