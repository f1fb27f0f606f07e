"""The live-update broker: in-process and Redis backends, coalescing, SSE."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
import uuid

import pytest
from flask import Flask

from edcamp import live

REDIS_URL = os.environ.get("REDIS_URL")
needs_redis = pytest.mark.skipif(
    not REDIS_URL, reason="REDIS_URL is not set: Redis broker tests need a Redis server"
)


# The live settings as edcamp.config sets them by default.
LIVE_CONFIG = {
    "LIVE_MIN_INTERVAL": 0.15,
    "LIVE_KEEPALIVE_S": 15.0,
    "LIVE_RETRY_MS": 3000,
    "LIVE_STALL_S": 10.0,
    "LIVE_FALLBACK_POLL_S": 0.5,
    "LIVE_REDIS_RETRY_S": 1.0,
    "LIVE_FRAME_COST_S": 60e-6,
    "LIVE_FAN_OUT_SHARE": 0.5,
    "LIVE_STREAMS_PER_CLIENT": 50,
}


def channel_name() -> str:
    return f"test:{uuid.uuid4().hex}"


def drain(subscription: live.Subscription, seconds: float) -> list[tuple[float, dict]]:
    """Every message read within ``seconds``, with its arrival time."""
    seen, deadline = [], time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        message = subscription.get(timeout=left)
        if message is not None:
            seen.append((time.monotonic(), message.payload))
    return seen


# ---- in-process -------------------------------------------------------------


def test_subscriber_receives_published_state():
    broker = live.InProcessBroker(min_interval=0)
    with broker.subscribe("board:1") as subscription:
        broker.publish("board:1", {"n": 1})
        message = subscription.get(timeout=1)
    assert message.payload == {"n": 1}
    assert broker.hub.count() == 0


def test_other_channels_are_not_delivered():
    broker = live.InProcessBroker(min_interval=0)
    with broker.subscribe("board:1") as subscription:
        broker.publish("board:2", {"n": 2})
        assert subscription.get(timeout=0.05) is None


def test_slow_reader_gets_only_the_newest_state():
    broker = live.InProcessBroker(min_interval=0)
    with broker.subscribe("c") as subscription:
        for n in range(5):
            broker.publish("c", {"n": n})
        assert subscription.get(timeout=1).payload == {"n": 4}
        assert subscription.get(timeout=0.05) is None


def test_publishes_within_the_interval_are_coalesced_leading_and_trailing():
    broker = live.InProcessBroker(min_interval=0.2)
    with broker.subscribe("c") as subscription:
        start = time.monotonic()
        for n in range(10):
            broker.publish("c", {"n": n})
        seen = drain(subscription, 0.6)
    # The leading send goes out at once (with the newest state by then), the
    # trailing one after the interval: never more than two for ten publishes.
    assert len(seen) <= 2
    assert seen[0][0] - start < 0.3  # at once (generous for a busy CI machine)
    assert seen[-1][1] == {"n": 9}
    if len(seen) == 2:
        assert seen[1][0] - seen[0][0] >= 0.18


def test_superseded_lazy_payloads_are_never_built():
    broker = live.InProcessBroker(min_interval=0.15)
    built = []

    def builder(n):
        def build():
            built.append(n)
            return {"n": n}

        return build

    with broker.subscribe("c") as subscription:
        for n in range(20):
            broker.publish("c", builder(n))
        seen = drain(subscription, 0.4)
    assert len(built) <= 2
    assert built[-1] == 19
    assert seen[-1][1] == {"n": 19}


def test_failing_builder_is_logged_and_later_states_still_flow(caplog):
    broker = live.InProcessBroker(min_interval=0)

    def broken():
        raise RuntimeError("board query failed")

    with broker.subscribe("c") as subscription:
        broker.publish("c", broken)
        broker.publish("c", {"ok": True})
        assert subscription.get(timeout=1).payload == {"ok": True}
    assert "could not publish on c" in caplog.text


def test_a_state_that_failed_to_build_is_tried_again_until_it_is_sent(caplog):
    # The database restarting: the last change's board cannot be built for a while.
    broker = live.InProcessBroker(min_interval=0.05)
    calls = []

    def flaky():
        calls.append(time.monotonic())
        if len(calls) <= 3:
            raise RuntimeError("database unavailable")
        return {"n": 1}

    with broker.subscribe("c") as subscription:
        broker.publish("c", flaky)
        message = subscription.get(timeout=5)
    assert message is not None
    assert message.payload == {"n": 1}
    assert len(calls) == 4
    assert 1.5 < calls[-1] - calls[0] < 3  # backing off: 0.25, 0.5, 1 s
    assert caplog.text.count("could not publish on c") == 1  # logged once, not per retry


def test_a_state_that_never_builds_is_given_up_and_newer_ones_win():
    broker = live.InProcessBroker(min_interval=0.01)
    broker.coalescer.RETRIES = 2
    calls = []

    def broken():
        calls.append(1)
        raise RuntimeError("bug")

    with broker.subscribe("c") as subscription:
        broker.publish("c", broken)
        time.sleep(1.5)
        assert len(calls) == 3  # once, then two retries
        broker.publish("c", {"n": 2})
        assert subscription.get(timeout=1).payload == {"n": 2}


def test_closing_wakes_a_waiting_reader():
    broker = live.InProcessBroker(min_interval=0)
    subscription = broker.subscribe("c")
    result = []
    reader = threading.Thread(target=lambda: result.append(subscription.get(timeout=5)))
    reader.start()
    time.sleep(0.05)
    subscription.close()
    reader.join(timeout=1)
    assert not reader.is_alive()
    assert result == [None]


def test_many_threads_publishing_leave_every_reader_with_the_last_state():
    broker = live.InProcessBroker(min_interval=0)
    subscriptions = [broker.subscribe("c") for _ in range(50)]
    lock = threading.Lock()
    counter = {"n": 0}

    def publisher():
        for _ in range(100):
            with lock:
                counter["n"] += 1
                broker.publish("c", {"n": counter["n"]})

    threads = [threading.Thread(target=publisher) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {s.get(timeout=1).payload["n"] for s in subscriptions} == {800}
    for subscription in subscriptions:
        subscription.close()
    assert broker.hub.count() == 0


def test_rendering_is_shared_by_readers_of_the_same_view():
    message = live.Message("c", {"votes": 3})
    calls = []

    def render(payload):
        calls.append(1)
        return live.dumps(payload)

    assert message.rendered("public", render) == message.rendered("public", render)
    message.rendered("organizer", render)
    assert len(calls) == 2


# ---- Flask integration --------------------------------------------------------


@pytest.fixture
def live_app():
    app = Flask(__name__)
    app.config.update(LIVE_CONFIG, REDIS_URL=None, LIVE_KEEPALIVE_S=0.1, LIVE_MIN_INTERVAL=0.0)
    live.init_app(app)
    state = {"n": 0}

    @app.get("/stream")
    def stream():
        return live.sse_response("c", lambda: dict(state), event="board")

    @app.get("/state")
    def current_state():
        return live.conditional_json(dict(state))

    app.state = state
    return app


def test_init_app_picks_the_backend_from_redis_url():
    plain = Flask(__name__)
    plain.config.update(LIVE_CONFIG, REDIS_URL=None, LIVE_MIN_INTERVAL=0.0)
    live.init_app(plain)
    assert isinstance(plain.extensions[live.EXTENSION_KEY], live.InProcessBroker)
    assert plain.extensions[live.EXTENSION_KEY].coalescer.min_interval == 0.0
    with_redis = Flask(__name__)
    with_redis.config.update(LIVE_CONFIG, REDIS_URL="redis://127.0.0.1:6379/0")
    live.init_app(with_redis)
    broker = with_redis.extensions[live.EXTENSION_KEY]
    assert isinstance(broker, live.RedisBroker)
    assert broker.coalescer.min_interval == 0.15
    assert broker.hub._throttle is not None  # the fan-out keeps its CPU share
    assert plain.extensions[live.EXTENSION_KEY].hub._throttle is None  # tests: at once


def test_the_fan_out_interval_grows_with_the_streams_and_a_few_streams_wait_for_nothing():
    # 1 ms per frame and half a core: 100 streams take a state at most every 0.2 s.
    broker = live.InProcessBroker(min_interval=0.001, frame_cost=0.001, fan_out_share=0.5)
    few = [broker.subscribe("few") for _ in range(2)]
    many = [broker.subscribe("many") for _ in range(100)]
    seen: dict[str, list] = {}

    def read(name: str, subscription: live.Subscription) -> None:
        seen[name] = drain(subscription, 0.8)

    readers = [
        threading.Thread(target=read, args=("few", few[0])),
        threading.Thread(target=read, args=("many", many[0])),
    ]
    try:
        for reader in readers:
            reader.start()
        started = time.monotonic()
        for n in range(10):  # 10 states over 0.3 s
            broker.publish("few", {"n": n})
            broker.publish("many", {"n": n})
            time.sleep(0.03)
        for reader in readers:
            reader.join()
    finally:
        for subscription in few + many:
            subscription.close()
    few_seen, many_seen = seen["few"], seen["many"]
    assert few_seen[0][0] - started < 0.05  # the first state at once
    assert len(few_seen) >= 8  # 4 ms apart: nearly every state
    assert few_seen[-1][1] == {"n": 9}
    assert many_seen[0][0] - started < 0.05  # the first state at once here too
    assert 2 <= len(many_seen) <= 3  # then at most every 0.2 s over 0.3 s
    assert many_seen[-1][1] == {"n": 9}  # and the newest state last


def test_stream_sends_retry_and_current_state_then_changes_and_keepalives(live_app):
    client = live_app.test_client()
    response = client.get("/stream", buffered=False)
    assert response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-cache"
    chunks = (chunk.decode() for chunk in response.response)
    assert next(chunks) == 'retry: 3000\nevent: board\ndata: {"n":0}\n\n'
    assert next(chunks) == ": keepalive\n\n"
    with live_app.app_context():
        live.publish("c", {"n": 7})
    assert next(chunks) == 'event: board\ndata: {"n":7}\n\n'
    broker = live_app.extensions[live.EXTENSION_KEY]
    assert broker.hub.count("c") == 1
    response.close()
    assert broker.hub.count("c") == 0


def test_a_new_stream_starts_from_the_state_other_readers_hold(live_app):
    built = []

    @live_app.get("/counted")
    def counted():
        return live.sse_response("d", lambda: built.append(1) or {"n": len(built)})

    client = live_app.test_client()
    first = client.get("/counted", buffered=False)
    assert next(iter(first.response)).endswith(b'data: {"n":1}\n\n')
    with live_app.app_context():
        live.publish("d", {"n": 5})
    second = client.get("/counted", buffered=False)
    assert next(iter(second.response)).endswith(b'data: {"n":5}\n\n')
    assert len(built) == 1  # the second reader did not query
    first.close()
    second.close()
    third = client.get("/counted", buffered=False)  # nobody kept the channel: built again
    assert next(iter(third.response)).endswith(b'data: {"n":2}\n\n')
    third.close()


def test_conditional_json_answers_304_to_a_matching_etag(live_app):
    client = live_app.test_client()
    first = client.get("/state")
    assert first.status_code == 200
    assert first.get_json() == {"n": 0}
    etag = first.headers["ETag"]
    again = client.get("/state", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""
    live_app.state["n"] = 1
    changed = client.get("/state", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_in_process_broker_works_under_gevent():
    script = textwrap.dedent(
        """
        from gevent import monkey; monkey.patch_all()
        import gevent, time
        from edcamp import live
        broker = live.InProcessBroker(min_interval=0.1)
        subs = [broker.subscribe("c") for _ in range(100)]
        got = []
        def reader(s):
            while True:
                m = s.get(timeout=0.5)
                if m is None:
                    return
                got.append(m.payload["n"])
        readers = [gevent.spawn(reader, s) for s in subs]
        started = time.monotonic()
        for n in range(30):
            broker.publish("c", {"n": n})
            gevent.sleep(0.01)
        publishing = time.monotonic() - started  # 0.3 s on a quiet machine, more under load
        gevent.joinall(readers, timeout=5)
        # Coalesced: a reader gets at most one frame per min_interval while publishing went
        # on, plus the last one (30 frames each without coalescing).
        per_reader = int(publishing / 0.1) + 2
        assert len(got) <= 100 * min(per_reader, 15), (len(got), publishing)
        print("ok", max(got), len(got))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=30
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok 29 ")


# ---- Redis ----------------------------------------------------------------------


@pytest.fixture
def redis_broker():
    broker = live.RedisBroker(REDIS_URL, min_interval=0)
    assert broker.wait_ready(5), "the Redis listener did not subscribe"
    yield broker
    broker.close()


@needs_redis
def test_redis_publish_reaches_local_subscriber(redis_broker):
    channel = channel_name()
    with redis_broker.subscribe(channel) as subscription:
        redis_broker.publish(channel, {"n": 1, "title": "<script>"})
        message = subscription.get(timeout=2)
    assert message.payload == {"n": 1, "title": "<script>"}


@needs_redis
def test_redis_publish_in_another_process_reaches_this_one(redis_broker):
    channel = channel_name()
    script = textwrap.dedent(
        f"""
        from edcamp import live
        broker = live.RedisBroker({REDIS_URL!r}, min_interval=0)
        broker.publish({channel!r}, {{"from": "other process"}})
        """
    )
    with redis_broker.subscribe(channel) as subscription:
        result = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=30)
        assert result.returncode == 0, result.stderr
        message = subscription.get(timeout=5)
    assert message is not None
    assert message.payload == {"from": "other process"}


@needs_redis
def test_redis_subscriber_in_a_gevent_process_receives_our_publish(redis_broker):
    channel = channel_name()
    script = textwrap.dedent(
        f"""
        from gevent import monkey; monkey.patch_all()
        import sys
        from edcamp import live
        broker = live.RedisBroker({REDIS_URL!r}, min_interval=0)
        assert broker.wait_ready(5)
        sub = broker.subscribe({channel!r})
        print("ready", flush=True)
        message = sub.get(timeout=10)
        print("got", message.payload["n"] if message else None, flush=True)
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "ready"
        redis_broker.publish(channel, {"n": 42})
        out, err = child.communicate(timeout=15)
    finally:
        child.kill()
    assert out.strip() == "got 42", err


@needs_redis
def test_redis_listener_reconnects_and_rebuilds_the_channel_for_its_readers(redis_broker):
    import redis

    channel = channel_name()
    admin = redis.Redis.from_url(REDIS_URL)
    with redis_broker.subscribe(channel, refresh=lambda: {"rebuilt": True}) as subscription:
        name = f"edcamp-live-{os.getpid()}-{id(redis_broker)}"
        ours = [c for c in admin.client_list() if c.get("name") == name]
        assert len(ours) == 1, "the listener names its connection"
        admin.client_kill_filter(_id=ours[0]["id"])
        rebuilt = subscription.get(timeout=5)
        assert rebuilt is not None
        assert rebuilt.payload == {"rebuilt": True}
        redis_broker.publish(channel, {"after": "reconnect"})
        assert subscription.get(timeout=5).payload == {"after": "reconnect"}
    admin.close()
