"""A vote handled by one gunicorn worker reaches a board stream held by another (Redis).

Gunicorn runs with our gunicorn.conf.py, two gevent workers and ONE connection per worker:
while the stream holds its worker, the vote can only be served by the other worker.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from edcamp.extensions import db
from edcamp.proposals.service import ProposalText, create_proposal

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited: {process.stderr.read().decode()[-2000:]}")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.2)
        finally:
            connection.close()
    raise AssertionError("gunicorn did not become healthy")


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
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "gunicorn-test",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "GUNICORN_WORKER_CONNECTIONS": "1",
        "GUNICORN_LOG_LEVEL": "warning",
        "GUNICORN_GRACEFUL_TIMEOUT": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_healthy(port, process)
        streamer = socket.create_connection(("127.0.0.1", port), timeout=10)
        streamer.sendall(
            f"GET /api/v1/events/{slug}/board/stream HTTP/1.1\r\nHost: x\r\n\r\n".encode()
        )
        stream = streamer.makefile("rb")
        assert b"200" in stream.readline()
        assert next_board(stream)["proposals"][0]["votes"] == 0
        # The stream's worker is full: this vote is served by the other worker.
        voter = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        voter.request(
            "POST",
            f"/api/v1/events/{slug}/proposals/{proposal_id}/vote",
            headers={"Authorization": f"Bearer {token}", "Content-Length": "0"},
        )
        answer = voter.getresponse()
        assert answer.status == 200, answer.read()
        answer.read()
        voter.close()
        started = time.monotonic()
        update = next_board(stream)
        assert update["proposals"][0]["votes"] == 1
        assert time.monotonic() - started < 2
        stream.close()
        streamer.close()
    finally:
        process.terminate()
        process.communicate(timeout=15)
