"""A vote handled by one gunicorn worker reaches a board stream held by another (Redis).

Gunicorn runs with our gunicorn.conf.py, two gevent workers and ONE connection per worker:
while the stream holds its worker, the vote can only be served by the other worker.
"""

from __future__ import annotations

import json
import os
import socket
import time

import pytest

from edcamp.extensions import db
from edcamp.proposals.service import ProposalText, create_proposal
from tests.servers import gunicorn

REDIS_URL = os.environ.get("REDIS_URL")


def next_board(stream) -> dict:
    """Read SSE lines until the next board event; return its data."""
    while True:
        line = stream.readline()
        if not line:
            raise AssertionError("stream closed")
        if line.startswith(b"data: "):
            return json.loads(line[6:])


@pytest.mark.slow
@pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set: cross-worker fan-out needs Redis")
def test_vote_on_one_worker_updates_a_stream_on_another(app, make_event, make_attendee):
    event = make_event()
    proposer, token = make_attendee(event)
    proposal = create_proposal(event, ProposalText(title="Cross-worker"), by=proposer)
    db.session.commit()
    slug, proposal_id = event.slug, proposal.id
    with gunicorn(app, REDIS_URL=REDIS_URL, GUNICORN_WORKER_CONNECTIONS="1") as server:
        streamer = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        streamer.sendall(
            f"GET /api/v1/events/{slug}/board/stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
        )
        stream = streamer.makefile("rb")
        assert b"200" in stream.readline()
        assert next_board(stream)["proposals"][0]["votes"] == 0
        # The stream's worker is full: this vote is served by the other worker.
        status, _, body = server.request(
            "POST",
            f"/api/v1/events/{slug}/proposals/{proposal_id}/vote",
            headers={"Authorization": f"Bearer {token}"},
            body=b"",
        )
        assert status == 200, body
        started = time.monotonic()
        update = next_board(stream)
        assert update["proposals"][0]["votes"] == 1
        assert time.monotonic() - started < 2
        stream.close()
        streamer.close()
