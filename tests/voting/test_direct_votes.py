"""SQLite's direct vote: a write transaction of its own on the driver, outside the ORM
session. It commits or rolls back as a whole, and never waits on its own request."""

from __future__ import annotations

import sqlite3
import time

import pytest
from sqlalchemy import func, select

from edcamp import database
from edcamp.database import SessionBusy, direct_transaction
from edcamp.extensions import db
from edcamp.models import Proposal, Vote
from edcamp.voting import ballot_box, service
from tests.helpers import bearer, error_code


@pytest.fixture
def voting(app, make_event, make_attendee):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("direct transactions are SQLite's (PostgreSQL batches votes instead)")
    event = make_event(votes_per_attendee=2)
    proposer, _ = make_attendee(event)
    proposals = [
        Proposal(event_id=event.id, title=title, proposer_id=proposer.id)
        for title in ("Genius hour", "Podcasting")
    ]
    db.session.add_all(proposals)
    voter, token = make_attendee(event)
    db.session.commit()
    return event, [p.id for p in proposals], voter, token


def vote_count() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(Vote))


def test_a_direct_transaction_commits_its_block(app, voting):
    event_id, ids, voter_id = voting[0].id, voting[1], voting[2].id
    db.session.commit()  # the session holds no transaction
    with app.test_request_context(method="POST"), direct_transaction():
        ballot_box.insert_vote(event_id, ids[0], voter_id, 1)
    assert vote_count() == 1


def test_a_direct_transaction_that_raises_leaves_nothing(app, voting):
    event_id, ids, voter_id = voting[0].id, voting[1], voting[2].id
    db.session.commit()

    def refused_after_a_write():
        with app.test_request_context(method="POST"), direct_transaction():
            ballot_box.insert_vote(event_id, ids[0], voter_id, 1)
            raise service.NoVotesLeft("refused after a write")

    with pytest.raises(service.NoVotesLeft):
        refused_after_a_write()
    assert vote_count() == 0


def test_it_refuses_to_start_beside_a_session_transaction(app, voting):
    # On SQLite that transaction may hold the write lock the direct one would wait for.
    db.session.get(Proposal, voting[1][0])  # the session is now in a transaction
    with pytest.raises(SessionBusy), direct_transaction():
        pass


def test_the_session_inside_a_direct_transaction_fails_at_once(app, voting):
    db.session.commit()
    started = time.monotonic()
    with (
        pytest.raises(RuntimeError, match="direct_transaction"),
        app.test_request_context(method="POST"),
        direct_transaction(),
    ):
        db.session.get(Proposal, voting[1][0])  # would wait for our own write lock
    assert time.monotonic() - started < 2


def test_a_vote_request_runs_in_a_direct_transaction(client, voting, monkeypatch):
    # (Inside one, any use of the ORM session raises: see the test above.)
    event, ids, _voter, token = voting
    url = f"/api/v1/events/{event.slug}/proposals/{ids[0]}/vote"
    db.session.commit()
    entered: list = []

    def spy():
        entered.append(1)
        return direct_transaction()

    monkeypatch.setattr(service, "direct_transaction", spy)
    response = client.post(url, headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    assert entered == [1]
    assert vote_count() == 1


def test_taking_a_vote_back_runs_in_a_direct_transaction(client, voting, monkeypatch):
    event, ids, _voter, token = voting
    url = f"/api/v1/events/{event.slug}/proposals/{ids[0]}/vote"
    assert client.post(url, headers=bearer(token)).status_code == 200
    entered: list = []

    def spy():
        entered.append(1)
        return direct_transaction()

    monkeypatch.setattr(service, "direct_transaction", spy)
    response = client.delete(url, headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["votes_left"] == 2
    assert entered == [1]
    assert vote_count() == 0


def test_a_vote_beside_a_busy_session_takes_the_session_path(app, voting):
    # Code that already used the session in this request: the vote joins its transaction.
    event, ids, voter, token = voting
    db.session.commit()
    with app.test_request_context(method="POST"):
        db.session.get(Proposal, ids[0])
        vote_event, ballot = service.vote(event.slug, ids[1], service.Voter.by_token(token))
        assert ballot.proposal_ids == {ids[1]}
        db.session.remove()
    assert vote_count() == 1


def test_a_write_lock_held_too_long_is_a_503_to_retry(app, client, voting, join_as, monkeypatch):
    # Someone else holds SQLite's write lock past the wait: the vote is refused with
    # 503 and Retry-After (phones retry by themselves), not a 500; then it goes through.
    event, ids, _voter, token = voting
    join_as(event, name="Page Voter")
    db.session.commit()
    monkeypatch.setattr(database, "BUSY_TIMEOUT_S", 0.2)
    holder = sqlite3.connect(db.engine.url.database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        url = f"/api/v1/events/{event.slug}/proposals/{ids[0]}/vote"
        refused = client.post(url, headers=bearer(token))
        page = client.post(f"/events/{event.slug}/propose", data={"title": "Later"})
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    db.session.rollback()  # (the test client shares this session; a request's is new)
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "1"
    assert error_code(refused) == "unavailable"
    assert page.status_code == 503
    assert "try again" in page.get_data(as_text=True)
    assert client.post(url, headers=bearer(token)).status_code == 200
    assert vote_count() == 1
