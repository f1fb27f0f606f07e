"""Redis goes away and comes back: live updates keep flowing, then catch up.

Each test runs its own ``redis-server`` (``private_redis``) and kills it mid-test.
Two brokers stand for two gunicorn workers: ``worker_a`` has readers, ``worker_b``
takes the change. ``state`` stands for the database both read the board from.
"""

from __future__ import annotations

import time

import pytest

from edcamp.live import RedisBroker, Subscription


def first_matching(reader: Subscription, n: int, timeout: float) -> float | None:
    """Seconds until ``reader`` shows state ``n`` (None if it never did)."""
    start = time.monotonic()
    deadline = start + timeout
    while (left := deadline - time.monotonic()) > 0:
        message = reader.get(timeout=left)
        if message is not None and message.payload.get("n") == n:
            return time.monotonic() - start
    return None


@pytest.fixture
def workers(private_redis):
    made = []

    def make(**options) -> RedisBroker:
        options = {"min_interval": 0, "max_backoff": 0.5, "poll_interval": 0.1, **options}
        broker = RedisBroker(private_redis.url, **options)
        made.append(broker)
        return broker

    yield make
    for broker in made:
        broker.close()


def test_another_workers_change_arrives_by_polling_while_redis_is_down(private_redis, workers):
    state = {"n": 0}
    worker_a, worker_b = workers(), workers()
    assert worker_a.wait_ready(5)
    with worker_a.subscribe("board:1", refresh=lambda: dict(state)) as reader:
        worker_b.publish("board:1", {"n": 0})
        assert first_matching(reader, 0, 5) is not None
        private_redis.stop()

        state["n"] = 1
        worker_b.publish("board:1", {"n": 1})  # cannot reach Redis: its own readers only

        assert first_matching(reader, 1, 3) is not None
        assert not worker_a.healthy


def test_a_workers_own_change_reaches_its_readers_at_once_while_redis_is_down(
    private_redis, workers
):
    worker_a = workers(poll_interval=60)  # no polling: only the direct delivery can do it
    assert worker_a.wait_ready(5)
    with worker_a.subscribe("board:1") as reader:
        private_redis.stop()
        time.sleep(0.3)  # the listener notices
        worker_a.publish("board:1", {"n": 5})
        assert first_matching(reader, 5, 0.5) is not None


def test_readers_catch_up_within_two_seconds_of_redis_returning(private_redis, workers):
    state = {"n": 0}
    # No polling during the outage: only the resubscription can bring the missed change.
    worker_a, worker_b = workers(poll_interval=60), workers()
    assert worker_a.wait_ready(5)
    with worker_a.subscribe("board:1", refresh=lambda: dict(state)) as reader:
        private_redis.stop()
        time.sleep(1.5)  # the listener is in its retry loop by now
        state["n"] = 2
        worker_b.publish("board:1", {"n": 2})
        assert first_matching(reader, 2, 0.3) is None  # nobody told worker A

        private_redis.start()
        caught_up = first_matching(reader, 2, 5)

        assert caught_up is not None
        assert caught_up < 2.0
        assert worker_a.healthy
        state["n"] = 3
        worker_b.publish("board:1", {"n": 3})  # and Redis carries changes again
        assert first_matching(reader, 3, 2) is not None


def test_after_a_reconnect_each_channel_is_rebuilt_once_for_all_its_readers(private_redis, workers):
    import redis

    worker_a = workers(poll_interval=60)
    assert worker_a.wait_ready(5)
    builds = []

    def refresh():
        builds.append(1)
        return {"n": 7}

    readers = [worker_a.subscribe("board:1", refresh=refresh) for _ in range(50)]
    admin = redis.Redis.from_url(private_redis.url)
    admin.client_kill_filter(_type="pubsub")

    assert all(first_matching(reader, 7, 5) is not None for reader in readers)
    assert len(builds) == 1
    for reader in readers:
        reader.close()
    admin.close()


def test_the_same_state_from_two_workers_reaches_each_reader_once(private_redis, workers):
    worker_a, worker_b, worker_c = workers(), workers(), workers()
    for broker in (worker_a, worker_b, worker_c):
        assert broker.wait_ready(5)
    with worker_a.subscribe("board:1") as reader:
        worker_b.publish("board:1", {"n": 1})
        assert first_matching(reader, 1, 2) is not None
        worker_c.publish("board:1", {"n": 1})  # built after the same votes: byte for byte
        assert reader.get(timeout=0.5) is None  # not sent to the streams a second time

        worker_b.publish("board:1", {"n": 2})
        assert first_matching(reader, 2, 2) is not None
        worker_c.publish("board:1", {"n": 1})  # a vote taken back: the old state again
        assert first_matching(reader, 1, 2) is not None
