"""200 concurrent voters against a live server: the limit holds in the database.

Runs on whichever database the suite uses (SQLite by default, PostgreSQL when
DATABASE_URL is set): CI runs it on both.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from werkzeug.serving import make_server

from edcamp.attendees.service import Profile, join_event
from edcamp.extensions import db
from edcamp.models import Vote
from edcamp.proposals.service import ProposalText, create_proposal
from edcamp.voting import pg_votes

VOTERS = 200
LIMIT = 3
PROPOSALS = 8
TRIES_PER_VOTER = 6


@pytest.fixture
def server(app):
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_port
    httpd.shutdown()
    thread.join(5)


def vote(port: int, slug: str, token: str, proposal_id: int) -> tuple[int, dict]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(
            "POST",
            f"/api/v1/events/{slug}/proposals/{proposal_id}/vote",
            headers={"Authorization": f"Bearer {token}", "Content-Length": "0"},
        )
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        connection.close()


@pytest.mark.slow
def test_200_concurrent_voters_never_exceed_the_limit(app, make_event, server):
    event = make_event(votes_per_attendee=LIMIT)
    proposer, _ = join_event(event, event.join_code, Profile(name="Proposer"))
    proposal_ids = [
        create_proposal(event, ProposalText(title=f"Session {n}"), by=proposer).id
        for n in range(PROPOSALS)
    ]
    voters = [join_event(event, event.join_code, Profile(name=f"Voter {n}")) for n in range(VOTERS)]
    db.session.commit()
    slug = event.slug
    rng = random.Random(7)
    # Each voter fires more votes than allowed (some for the same proposal twice), and
    # the tasks are interleaved so one attendee's requests race each other.
    tasks = [
        (attendee.id, token, rng.choice(proposal_ids))
        for _round in range(TRIES_PER_VOTER)
        for attendee, token in voters
    ]
    rng.shuffle(tasks)

    with ThreadPoolExecutor(max_workers=VOTERS) as pool:
        results = list(pool.map(lambda t: (t[0], t[2], *vote(server, slug, t[1], t[2])), tasks))

    statuses = Counter(status for _a, _p, status, _body in results)
    assert set(statuses) <= {200, 409}, statuses
    accepted = {(a, p) for a, p, status, _body in results if status == 200}
    refused = [body for _a, _p, status, body in results if status == 409]
    assert all(body["error"]["code"] == "no_votes_left" for body in refused)

    db.session.rollback()  # see what the server committed
    stored = db.session.execute(select(Vote.attendee_id, Vote.proposal_id)).all()
    stored_pairs = [(row.attendee_id, row.proposal_id) for row in stored]
    assert len(stored_pairs) == len(set(stored_pairs)), "a duplicate vote was stored"
    assert set(stored_pairs) == accepted, "votes accepted and votes stored differ"
    per_attendee = Counter(a for a, _p in stored_pairs)
    assert max(per_attendee.values()) <= LIMIT
    # Everyone who was refused had really used all their votes.
    refused_attendees = {a for a, _p, status, _b in results if status == 409}
    assert all(per_attendee[a] == LIMIT for a in refused_attendees)
    ballots = db.session.execute(
        select(Vote.attendee_id, func.min(Vote.ballot), func.max(Vote.ballot)).group_by(
            Vote.attendee_id
        )
    ).all()
    assert all(low >= 1 and high <= LIMIT for _a, low, high in ballots)

    group = pg_votes.group(app)
    if group is not None:  # PostgreSQL: the votes went in shared statements
        assert group.requests > group.batches

    board = app.test_client().get(f"/api/v1/events/{slug}/board").get_json()
    counts = {p["id"]: p["votes"] for p in board["proposals"]}
    expected = Counter(p for _a, p in accepted)
    assert counts == {p: expected.get(p, 0) for p in proposal_ids}
    assert sum(counts.values()) == len(accepted)
