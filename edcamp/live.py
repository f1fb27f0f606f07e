"""Live updates: publish a channel's latest state, subscribe to it, stream it as SSE.

A channel carries whole states (the board, the "happening now" list), never
deltas, so a reader may skip states it had no time to show and a lost
message is repaired by the next one. Two backends share one interface:

- ``InProcessBroker``: subscribers in this process only (one worker).
- ``RedisBroker`` (``REDIS_URL`` set): a publish goes to Redis; each worker
  process keeps ONE pattern subscription that fans out to its local
  subscribers, and reconnects with back-off when Redis goes away.

Publishing is coalesced per channel: at most one send every
``LIVE_MIN_INTERVAL`` seconds (leading and trailing edge), and a payload may
be a callable so a state that would be dropped is never built. Everything
uses ``threading`` primitives, which gevent's monkey-patching (gunicorn's
gevent workers) turns cooperative.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from flask import Flask, Response, current_app, has_app_context, request

log = logging.getLogger(__name__)

Payload = dict[str, Any]
PayloadSource = Payload | Callable[[], Payload | None]
EXTENSION_KEY = "edcamp.live"
REDIS_PREFIX = "edcamp:live:"


def dumps(payload: Any) -> str:
    """Compact JSON, the wire format of channels, SSE data and ETags."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True)


class Message:
    """One state on one channel; renderings are cached so N readers pay once."""

    __slots__ = ("channel", "payload", "resync", "_cache", "_lock")

    def __init__(self, channel: str, payload: Payload | None, *, resync: bool = False) -> None:
        self.channel = channel
        self.payload = payload
        self.resync = resync
        self._cache: dict[Any, str] = {}
        self._lock = threading.Lock()

    def rendered(self, key: Any, render: Callable[[Payload], str]) -> str:
        cached = self._cache.get(key)
        if cached is None:
            with self._lock:
                cached = self._cache.get(key)
                if cached is None:
                    cached = self._cache[key] = render(self.payload or {})
        return cached


class Subscription:
    """A latest-wins mailbox: ``get`` returns the newest state not yet read."""

    def __init__(self, hub: LocalHub, channel: str) -> None:
        self.channel = channel
        self._hub = hub
        self._cond = threading.Condition(threading.Lock())
        self._latest: Message | None = None
        self.closed = False

    def deliver(self, message: Message) -> None:
        with self._cond:
            self._latest = message
            self._cond.notify_all()

    def get(self, timeout: float | None = None) -> Message | None:
        """The newest unread message, waiting up to ``timeout``; None on timeout."""
        with self._cond:
            if self._latest is None and not self.closed:
                self._cond.wait(timeout)
            message, self._latest = self._latest, None
            return message

    def __iter__(self) -> Iterator[Message]:
        while not self.closed:
            message = self.get()
            if message is not None:
                yield message

    def close(self) -> None:
        self._hub.remove(self)
        with self._cond:
            self.closed = True
            self._cond.notify_all()

    def __enter__(self) -> Subscription:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LocalHub:
    """The subscriptions of this process, by channel."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subs: dict[str, set[Subscription]] = {}

    def add(self, channel: str) -> Subscription:
        subscription = Subscription(self, channel)
        with self._lock:
            self._subs.setdefault(channel, set()).add(subscription)
        return subscription

    def remove(self, subscription: Subscription) -> None:
        with self._lock:
            subs = self._subs.get(subscription.channel)
            if subs is not None:
                subs.discard(subscription)
                if not subs:
                    del self._subs[subscription.channel]

    def deliver(self, message: Message) -> None:
        with self._lock:
            targets = list(self._subs.get(message.channel, ()))
        for subscription in targets:
            subscription.deliver(message)

    def resync_all(self) -> None:
        """Tell every reader its state may be stale (after a lost connection)."""
        with self._lock:
            channels = list(self._subs)
        for channel in channels:
            self.deliver(Message(channel, None, resync=True))

    def count(self, channel: str | None = None) -> int:
        with self._lock:
            if channel is not None:
                return len(self._subs.get(channel, ()))
            return sum(len(subs) for subs in self._subs.values())


class Coalescer:
    """Sends at most one state per channel every ``min_interval`` seconds.

    The first publish after a quiet spell goes out at once; later ones within
    the interval collapse into one trailing send of the newest source. Sends
    happen in one background thread per process (started lazily, again after
    a fork), so publishing never blocks the request that changed the state.
    ``min_interval <= 0`` sends synchronously instead.
    """

    def __init__(self, send: Callable[[str, Payload], None], min_interval: float) -> None:
        self._send = send
        self.min_interval = min_interval
        self._cond = threading.Condition(threading.Lock())
        self._pending: dict[str, PayloadSource] = {}
        self._due: dict[str, float] = {}
        self._last: dict[str, float] = {}
        self._pid: int | None = None

    def submit(self, channel: str, source: PayloadSource) -> None:
        if self.min_interval <= 0:
            self._emit(channel, source)
            return
        with self._cond:
            self._start()
            self._pending[channel] = source
            if channel not in self._due:
                last = self._last.get(channel, float("-inf"))
                self._due[channel] = max(time.monotonic(), last + self.min_interval)
                self._cond.notify()

    def _start(self) -> None:
        if self._pid != os.getpid():
            self._pid = os.getpid()
            thread = threading.Thread(target=self._run, name="edcamp-live-flush", daemon=True)
            thread.start()

    def _run(self) -> None:
        while True:
            with self._cond:
                now = time.monotonic()
                ready = [channel for channel, due in self._due.items() if due <= now]
                if not ready:
                    wait = min(self._due.values(), default=now + 60) - now
                    self._cond.wait(max(wait, 0.001))
                    continue
                batch = []
                for channel in ready:
                    del self._due[channel]
                    self._last[channel] = now
                    batch.append((channel, self._pending.pop(channel)))
            for channel, source in batch:
                self._emit(channel, source)

    def _emit(self, channel: str, source: PayloadSource) -> None:
        try:
            payload = source() if callable(source) else source
            if payload is not None:
                self._send(channel, payload)
        except Exception:  # a failed update must not take the publisher down
            log.exception("live: could not publish on %s", channel)


class Broker:
    def __init__(self, min_interval: float = 0.15) -> None:
        self.hub = LocalHub()
        self.coalescer = Coalescer(self._send, min_interval)

    def publish(self, channel: str, payload: PayloadSource) -> None:
        self.coalescer.submit(channel, payload)

    def subscribe(self, channel: str) -> Subscription:
        return self.hub.add(channel)

    def close(self) -> None:
        """Stop background work (tests, shutdown)."""

    def _send(self, channel: str, payload: Payload) -> None:
        raise NotImplementedError


class InProcessBroker(Broker):
    def _send(self, channel: str, payload: Payload) -> None:
        self.hub.deliver(Message(channel, payload))


class RedisBroker(Broker):
    """Fan-out across processes through Redis pub/sub."""

    def __init__(
        self,
        url: str,
        min_interval: float = 0.15,
        max_backoff: float = 5.0,
        namespace: str = "",
    ) -> None:
        import redis  # imported here so the in-process backend needs no Redis

        super().__init__(min_interval)
        self._redis = redis
        self.url = url
        # Pub/sub ignores Redis database numbers: the namespace keeps apps on different
        # databases (test runs side by side, staging next to production) apart.
        self.prefix = f"{REDIS_PREFIX}{namespace}:" if namespace else REDIS_PREFIX
        self.max_backoff = max_backoff
        self._client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=2)
        self._listener_pid: int | None = None
        self._start_lock = threading.Lock()
        self._stopping = threading.Event()
        self.connected = threading.Event()

    def subscribe(self, channel: str) -> Subscription:
        subscription = self.hub.add(channel)
        self._ensure_listening()
        if not self.connected.is_set():
            self.connected.wait(0.5)
        return subscription

    def wait_ready(self, timeout: float = 5.0) -> bool:
        self._ensure_listening()
        return self.connected.wait(timeout)

    def close(self) -> None:
        self._stopping.set()

    def _send(self, channel: str, payload: Payload) -> None:
        try:
            self._client.publish(self.prefix + channel, dumps(payload))
        except self._redis.RedisError:
            log.warning("live: Redis publish failed on %s; local readers only", channel)
            self.hub.deliver(Message(channel, payload))

    def _ensure_listening(self) -> None:
        pid = os.getpid()
        if self._listener_pid == pid:
            return
        with self._start_lock:
            if self._listener_pid == pid:
                return
            self._listener_pid = pid  # a forked worker starts its own listener
            self.connected.clear()
            thread = threading.Thread(target=self._listen, name="edcamp-live", daemon=True)
            thread.start()

    def _listen(self) -> None:
        backoff, first = 0.2, True
        while not self._stopping.is_set():
            pubsub = None
            try:
                client = self._redis.Redis.from_url(
                    self.url,
                    socket_connect_timeout=2,
                    health_check_interval=10,
                    client_name=f"edcamp-live-{os.getpid()}-{id(self)}",
                )
                pubsub = client.pubsub()
                pubsub.psubscribe(self.prefix + "*")
                while not self._stopping.is_set():
                    message = pubsub.get_message(timeout=1.0)
                    if message is None:
                        continue
                    if message["type"] == "psubscribe":
                        self.connected.set()
                        if not first:
                            self.hub.resync_all()
                        first, backoff = False, 0.2
                    elif message["type"] == "pmessage":
                        self._dispatch(message["channel"], message["data"])
            except (self._redis.RedisError, OSError) as exc:
                self.connected.clear()
                log.warning("live: Redis connection lost (%s); retrying in %.1fs", exc, backoff)
                self._stopping.wait(backoff)
                backoff = min(backoff * 2, self.max_backoff)
            finally:
                if pubsub is not None:
                    with contextlib.suppress(self._redis.RedisError, OSError):
                        pubsub.close()

    def _dispatch(self, raw_channel: bytes, data: bytes) -> None:
        channel = raw_channel.decode()[len(self.prefix) :]
        try:
            payload = json.loads(data)
        except ValueError:
            log.warning("live: dropped a malformed message on %s", channel)
            return
        self.hub.deliver(Message(channel, payload))


# ---- Flask integration ----------------------------------------------------

_fallback = InProcessBroker(min_interval=0.0)


def init_app(app: Flask) -> None:
    """Pick the backend from ``REDIS_URL``; set the live defaults."""
    app.config.setdefault("REDIS_URL", os.environ.get("REDIS_URL") or None)
    default_interval = 0.0 if app.testing else 0.15
    app.config.setdefault(
        "LIVE_MIN_INTERVAL", float(os.environ.get("LIVE_MIN_INTERVAL", default_interval))
    )
    app.config.setdefault("LIVE_KEEPALIVE_S", 15.0)
    app.config.setdefault("LIVE_RETRY_MS", 3000)
    interval = float(app.config["LIVE_MIN_INTERVAL"])
    url = app.config.get("REDIS_URL")
    database = str(app.config.get("SQLALCHEMY_DATABASE_URI", ""))
    namespace = app.config.get("LIVE_NAMESPACE") or etag_for(database)[:10]
    broker: Broker = (
        RedisBroker(url, interval, namespace=namespace) if url else InProcessBroker(interval)
    )
    app.extensions[EXTENSION_KEY] = broker


def get_broker() -> Broker:
    if has_app_context() and EXTENSION_KEY in current_app.extensions:
        return current_app.extensions[EXTENSION_KEY]
    return _fallback


def publish(channel: str, payload: PayloadSource) -> None:
    """Send a channel's new state (a dict, or a callable building it later)."""
    get_broker().publish(channel, payload)


def subscribe(channel: str) -> Subscription:
    return get_broker().subscribe(channel)


def format_event(data: str, event: str | None = None) -> str:
    lines = [f"event: {event}"] if event else []
    lines += [f"data: {line}" for line in data.splitlines() or [""]]
    return "\n".join(lines) + "\n\n"


def sse_response(
    channel: str,
    current: Callable[[], Payload],
    *,
    render: Callable[[Payload], str] = dumps,
    view_key: Any = "default",
    event: str | None = None,
) -> Response:
    """Stream a channel as ``text/event-stream``.

    Sends ``retry:`` and the current state at once, then each new state
    (rendered once per ``view_key`` however many readers share it), and a
    comment line as keepalive when the channel is quiet. ``current`` is called
    now, inside the request, and again inside an app context if the broker
    lost messages. No request or DB session is held while streaming.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    keepalive = float(app.config.get("LIVE_KEEPALIVE_S", 15.0))
    retry_ms = int(app.config.get("LIVE_RETRY_MS", 3000))
    subscription = subscribe(channel)
    try:
        first = render(current())
    except BaseException:
        subscription.close()
        raise

    def stream() -> Iterator[str]:
        try:
            yield f"retry: {retry_ms}\n" + format_event(first, event)
            while not subscription.closed:
                message = subscription.get(timeout=keepalive)
                if message is None:
                    yield ": keepalive\n\n"
                elif message.resync:
                    with app.app_context():
                        yield format_event(render(current()), event)
                elif message.payload is not None:
                    yield format_event(message.rendered(view_key, render), event)
        finally:
            subscription.close()

    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    return Response(stream(), mimetype="text/event-stream", headers=headers)


def etag_for(body: str) -> str:
    """The (unquoted) strong entity tag of a body."""
    return hashlib.blake2b(body.encode(), digest_size=12).hexdigest()


def conditional_json(payload: Payload, *, max_age: int = 0) -> Response:
    """JSON with a strong ETag; 304 when ``If-None-Match`` matches (polling)."""
    body = dumps(payload)
    tag = etag_for(body)
    cache = f"private, max-age={max_age}, must-revalidate"
    if request.if_none_match.contains(tag) or request.if_none_match.star_tag:
        response = Response(status=304)
    else:
        response = Response(body, mimetype="application/json")
    response.set_etag(tag)
    response.headers["Cache-Control"] = cache
    return response
