"""The app with its Redis gone: sign-in still works, boards on every worker stay current.

Two apps on one database stand for two gunicorn workers; each has its own broker on a
private ``redis-server`` that the test kills.
"""

from __future__ import annotations

import json
import threading
import time

import pytest

from tests.helpers import TEST_PASSWORD, bearer, board_events


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


class Screen:
    """A board stream read in a thread of its own: every (time, votes_cast) it showed."""

    def __init__(self, app, slug: str) -> None:
        self.response = app.test_client().get(f"/api/v1/events/{slug}/board/stream", buffered=False)
        self.shown: list[tuple[float, int]] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        for chunk in self.response.response:  # keepalives make it tick
            for line in chunk.decode().splitlines():
                if line.startswith("data: "):
                    self.shown.append((time.monotonic(), json.loads(line[6:])["votes_cast"]))
            if self.done.is_set():
                break
        self.response.close()  # in this thread: the one iterating it

    def showing(self) -> int | None:
        return self.shown[-1][1] if self.shown else None

    def close(self) -> None:
        self.done.set()
        self.thread.join(5)


def test_everything_catches_up_within_two_seconds_of_redis_returning(
    make_app, private_redis, make_event, make_attendee, make_organizer
):
    import redis

    from edcamp.extensions import limiter

    # Two workers with the production retry and polling settings.
    worker_a, worker_b = (
        make_app(
            REDIS_URL=private_redis.url,
            LIVE_KEEPALIVE_S=0.1,
            LIVE_MIN_INTERVAL=0.15,
            LOGIN_ATTEMPTS="100 per 5 minutes",
        )
        for _ in range(2)
    )
    assert worker_a.config["LIVE_REDIS_RETRY_S"] == 1.0
    organizer = make_organizer()
    event = make_event(votes_per_attendee=3)
    tokens = [make_attendee(event)[1] for _ in range(3)]
    phone_a, phone_b = worker_a.test_client(), worker_b.test_client()
    ids = [
        phone_a.post(
            f"/api/v1/events/{event.slug}/proposals", json={"title": t}, headers=bearer(tokens[0])
        ).get_json()["id"]
        for t in ("Feedback", "Maker space")
    ]
    screens = [Screen(worker_a, event.slug), Screen(worker_b, event.slug)]
    for app in (worker_a, worker_b):
        assert app.extensions["edcamp.live"].wait_ready(5)

    def vote(phone, token, proposal) -> None:
        path = f"/api/v1/events/{event.slug}/proposals/{proposal}/vote"
        assert phone.post(path, headers=bearer(token)).status_code == 200

    private_redis.stop()
    vote(phone_b, tokens[0], ids[0])
    outage_end = time.monotonic() + 4
    while time.monotonic() < outage_end:  # the sign-in throttle meets the outage: no 500
        wrong = phone_a.post("/login", data={"email": organizer.email, "password": "x" * 12})
        assert wrong.status_code == 401
        time.sleep(0.3)
    assert all(screen.showing() == 1 for screen in screens)  # polled meanwhile
    assert limiter._storage_dead  # counting in memory

    private_redis.start()
    back = time.monotonic()
    vote(phone_b, tokens[1], ids[0])  # one right after the return, on each worker
    vote(phone_a, tokens[2], ids[1])
    admin = redis.Redis.from_url(private_redis.url)
    screens_apps = (worker_a, worker_b)
    caught_up = None
    while time.monotonic() - back < 6:
        phone_a.post("/login", data={"email": organizer.email, "password": "y" * 12})
        ready = [app.test_client().get("/readyz").get_json()["broker"] for app in screens_apps]
        if (
            all(screen.showing() == 3 for screen in screens)
            and ready == ["ok", "ok"]
            and all(app.extensions["edcamp.live"].healthy for app in (worker_a, worker_b))
            and admin.dbsize() > 0  # the throttle counts in Redis again, shared by workers
        ):
            caught_up = time.monotonic() - back
            break
        time.sleep(0.05)
    for screen in screens:
        screen.close()
    admin.close()

    assert caught_up is not None, [screen.shown for screen in screens]
    assert caught_up < 2.0
