"""The app with its Redis gone: sign-in still works, boards on every worker stay current.

Two apps on one database stand for two gunicorn workers; each has its own broker on a
private ``redis-server`` that the test kills.
"""

from __future__ import annotations

import json
import time

import pytest

from tests.helpers import TEST_PASSWORD, bearer


@pytest.fixture
def redis_app(make_app, private_redis):
    def factory():
        return make_app(
            REDIS_URL=private_redis.url,
            LIVE_KEEPALIVE_S=0.1,
            LIVE_FALLBACK_POLL_S=0.2,
            LIVE_REDIS_RETRY_S=0.5,
        )

    return factory


def test_limiter_and_broker_use_the_apps_redis(redis_app, private_redis):
    app = redis_app()
    assert app.config["RATELIMIT_STORAGE_URI"] == private_redis.url
    assert app.config["RATELIMIT_IN_MEMORY_FALLBACK_ENABLED"]


def test_sign_in_works_while_redis_is_down(redis_app, private_redis, make_organizer):
    organizer = make_organizer()
    client = redis_app().test_client()
    private_redis.stop()

    wrong = client.post("/login", data={"email": organizer.email, "password": "wrong" * 3})
    right = client.post("/login", data={"email": organizer.email, "password": TEST_PASSWORD})
    token = client.post("/api/v1/token", json={"email": organizer.email, "password": TEST_PASSWORD})

    assert wrong.status_code == 401
    assert right.status_code == 302
    assert right.headers["Location"].endswith("/dashboard")
    assert token.status_code in (200, 201)
    assert token.get_json()["token"]


def board_events(response, seconds: float):
    """Each board sent on a stream within ``seconds`` (keepalives make the stream tick)."""
    deadline = time.monotonic() + seconds
    for chunk in response.response:
        for line in chunk.decode().splitlines():
            if line.startswith("data: "):
                yield json.loads(line[6:])
        if time.monotonic() > deadline:
            return


def test_a_vote_on_one_worker_reaches_boards_on_another_while_redis_is_down(
    redis_app, private_redis, make_event, make_attendee
):
    event = make_event(votes_per_attendee=3)
    _attendee, token = make_attendee(event)
    worker_a, worker_b = redis_app(), redis_app()
    phone = worker_b.test_client()
    proposal = phone.post(
        f"/api/v1/events/{event.slug}/proposals", json={"title": "Feedback"}, headers=bearer(token)
    ).get_json()["id"]
    stream = worker_a.test_client().get(f"/api/v1/events/{event.slug}/board/stream", buffered=False)
    boards = board_events(stream, 5)
    assert next(boards)["votes_cast"] == 0
    private_redis.stop()

    voted = phone.post(
        f"/api/v1/events/{event.slug}/proposals/{proposal}/vote", headers=bearer(token)
    )
    acked = time.monotonic()

    assert voted.status_code in (200, 201)
    assert any(board["votes_cast"] == 1 for board in boards)
    assert time.monotonic() - acked < 2
    stream.close()
