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
import threading
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from edcamp.live.coalescer import Coalescer

log = logging.getLogger(__name__)

Payload = dict[str, Any]
PayloadSource = Payload | Callable[[], Payload | None]


def dumps(payload: Any) -> str:
    """Compact JSON, the wire format of channels, SSE data and ETags."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True)


Refresh = Callable[[], Payload | None]
MAX_FAN_OUT_INTERVAL = 2.0  # seconds: screens stay within this of the newest state


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
    """A latest-wins mailbox: ``get`` returns the newest state not yet read.

    Written once per stream per update, so it is kept cheap: a one-slot deque (``append``
    and ``popleft`` are atomic) holds the newest message and an Event wakes the reader
    (gevent's own Event in a monkey-patched worker), no lock and no condition. A wake-up
    may find the box already emptied; ``get`` then returns None, like a timeout.
    """

    def __init__(self, hub: LocalHub, channel: str) -> None:
        self.channel = channel
        self._hub = hub
        self._box: deque[Message] = deque(maxlen=1)
        self._ready = threading.Event()
        self.closed = False

    def deliver(self, message: Message) -> None:
        self._box.append(message)  # replaces an unread older one
        self._ready.set()

    def get(self, timeout: float | None = None) -> Message | None:
        """The newest unread message, waiting up to ``timeout``; None on timeout."""
        if not self._box and not self.closed:
            self._ready.wait(timeout)
        self._ready.clear()  # before taking: a message delivered after this wakes us again
        try:
            return self._box.popleft()
        except IndexError:
            return None

    def __iter__(self) -> Iterator[Message]:
        while not self.closed:
            message = self.get()
            if message is not None:
                yield message

    def close(self) -> None:
        self._hub.remove(self)
        self.closed = True
        self._ready.set()

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

    ``fan_out_interval(streams)``: the shortest time between two deliveries on a channel
    with that many readers here (None: every state at once). Writing a frame to a stream
    costs CPU; this keeps the fan-out's share of the worker bounded however many streams
    are open, and costs a few streams nothing (the first state after a quiet spell goes
    at once, later ones within the interval collapse into the newest).
    """

    def __init__(self, fan_out_interval: Callable[[int], float] | None = None) -> None:
        self._lock = threading.Lock()
        self._subs: dict[str, set[Subscription]] = {}
        self._refreshers: dict[str, Refresh] = {}
        self._latest: dict[str, Payload] = {}  # last state delivered, per channel
        self._latest_wire: dict[str, bytes] = {}  # ...as it came from the broker, if it did
        self._throttle = (
            Coalescer(self._fan_out, lambda channel: fan_out_interval(self.count(channel)))
            if fan_out_interval is not None
            else None
        )

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
                    self._latest_wire.pop(subscription.channel, None)

    def deliver(self, message: Message, wire: bytes | None = None) -> None:
        """Hand ``message`` to every reader of its channel (``wire``: its bytes from the
        broker), at once or at the end of the channel's fan-out interval."""
        if self._throttle is None:
            self._fan_out(message.channel, (message, wire))
        else:
            self._throttle.submit(message.channel, (message, wire))

    def _fan_out(self, _channel: str, item: tuple[Message, bytes | None]) -> None:
        message, wire = item
        with self._lock:
            targets = list(self._subs.get(message.channel, ()))
            if targets:
                self._latest[message.channel] = message.payload
                if wire is None:
                    self._latest_wire.pop(message.channel, None)
                else:
                    self._latest_wire[message.channel] = wire
        for subscription in targets:
            subscription.deliver(message)

    def repeats(self, channel: str, wire: bytes) -> bool:
        """Whether ``wire`` is the state just delivered on ``channel``, byte for byte
        (several workers publish the same board after the same votes): no need to send it
        to every stream again."""
        with self._lock:
            return self._latest_wire.get(channel) == wire

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
            self._latest_wire.clear()

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


class Broker:
    """``min_interval``: between two builds of a channel's state in this process.
    ``frame_cost``: CPU seconds to write one frame to one stream; with ``fan_out_share``
    (of a core) it sets each channel's fan-out interval here (see ``LocalHub``)."""

    def __init__(
        self, min_interval: float = 0.15, frame_cost: float = 0.0, fan_out_share: float = 0.5
    ) -> None:
        throttled = min_interval > 0 and frame_cost > 0
        self.hub = LocalHub(
            (lambda streams: min(streams * frame_cost / fan_out_share, MAX_FAN_OUT_INTERVAL))
            if throttled
            else None
        )
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
