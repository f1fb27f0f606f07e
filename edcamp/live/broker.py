"""The broker: channels of whole states, a latest-wins mailbox per reader, coalesced sends.

A channel carries whole states (the board, the "happening now" list), never
deltas, so a reader may skip states it had no time to show and a lost
message is repaired by the next one. Publishing is coalesced per channel: at
most one send every ``min_interval`` seconds (leading and trailing edge), and
a payload may be a callable so a state that would be dropped is never built.
Everything uses ``threading`` primitives, which gevent's monkey-patching
(gunicorn's gevent workers) turns cooperative.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

log = logging.getLogger(__name__)

Payload = dict[str, Any]
PayloadSource = Payload | Callable[[], Payload | None]


def dumps(payload: Any) -> str:
    """Compact JSON, the wire format of channels, SSE data and ETags."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True)


Refresh = Callable[[], Payload | None]


class Message:
    """One state on one channel; renderings are cached so N readers pay once."""

    __slots__ = ("channel", "payload", "_cache", "_lock")

    def __init__(self, channel: str, payload: Payload) -> None:
        self.channel = channel
        self.payload = payload
        self._cache: dict[Any, Any] = {}
        self._lock = threading.Lock()

    def rendered(self, key: Any, render: Callable[[Payload], Any]) -> Any:
        """``render(payload)``, computed once per ``key`` (a view, a wire format)."""
        cached = self._cache.get(key)
        if cached is None:
            with self._lock:
                cached = self._cache.get(key)
                if cached is None:
                    cached = self._cache[key] = render(self.payload)
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
    """The subscriptions of this process, by channel, and how to rebuild each channel.

    A reader may register a ``refresh`` callable that builds its channel's current
    state. After messages may have been lost (the broker reconnected) or while no
    broker tells this process of other workers' changes, the hub rebuilds each channel
    ONCE and hands that state to all its readers, instead of every reader querying
    the database for itself (a reconnect storm).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subs: dict[str, set[Subscription]] = {}
        self._refreshers: dict[str, Refresh] = {}
        self._latest: dict[str, Payload] = {}  # last state delivered, per channel

    def add(self, channel: str, refresh: Refresh | None = None) -> Subscription:
        subscription = Subscription(self, channel)
        with self._lock:
            self._subs.setdefault(channel, set()).add(subscription)
            if refresh is not None:
                self._refreshers[channel] = refresh  # the newest reader's: the freshest
        return subscription

    def remove(self, subscription: Subscription) -> None:
        with self._lock:
            subs = self._subs.get(subscription.channel)
            if subs is not None:
                subs.discard(subscription)
                if not subs:
                    del self._subs[subscription.channel]
                    self._refreshers.pop(subscription.channel, None)
                    self._latest.pop(subscription.channel, None)

    def deliver(self, message: Message) -> None:
        with self._lock:
            targets = list(self._subs.get(message.channel, ()))
            if targets:
                self._latest[message.channel] = message.payload
        for subscription in targets:
            subscription.deliver(message)

    def latest(self, channel: str) -> Payload | None:
        """The last state this process delivered on ``channel``, while it has readers.

        Every change to a channel is published, so while readers keep it alive this is
        current: a new reader starts from it instead of querying the database (after a
        worker restart, hundreds of phones reconnect within seconds).
        """
        with self._lock:
            return self._latest.get(channel)

    def forget(self) -> None:
        """Drop every held state: the data behind them changed without a publish (tests
        empty every table between tests, and SQLite then hands out the same ids again)."""
        with self._lock:
            self._latest.clear()

    def remember(self, channel: str, payload: Payload) -> None:
        """Keep a state a reader built for itself, unless a delivery came first."""
        with self._lock:
            if channel in self._subs:
                self._latest.setdefault(channel, payload)

    def refresh_all(self, *, only_changed: bool = False) -> int:
        """Rebuild every channel that has readers once and deliver it; the number sent.

        ``only_changed``: skip a channel whose state equals the last one delivered
        (polling while the broker is away).
        """
        with self._lock:
            refreshers = list(self._refreshers.items())
        sent = 0
        for channel, refresh in refreshers:
            try:
                payload = refresh()
            except Exception:  # one broken channel must not stop the others
                log.exception("live: could not refresh %s", channel)
                continue
            if payload is None or (only_changed and payload == self._latest.get(channel)):
                continue
            self.deliver(Message(channel, payload))
            sent += 1
        return sent

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

    def subscribe(self, channel: str, refresh: Refresh | None = None) -> Subscription:
        """Read ``channel``; ``refresh`` builds its current state (see ``LocalHub``)."""
        return self.hub.add(channel, refresh)

    @property
    def healthy(self) -> bool:
        """Whether changes made in other processes reach this one right now."""
        return True

    def close(self) -> None:
        """Stop background work (tests, shutdown)."""

    def _send(self, channel: str, payload: Payload) -> None:
        raise NotImplementedError


class InProcessBroker(Broker):
    def _send(self, channel: str, payload: Payload) -> None:
        self.hub.deliver(Message(channel, payload))
