"""Fan-out across processes through Redis pub/sub, and what happens while Redis is away.

A publish goes to Redis; each worker process keeps ONE pattern subscription
that fans out to its local subscribers. Under load the subscriber reads
everything waiting on its socket and delivers only the newest state of each
channel (latest wins), so a burst never builds a backlog of stale boards.

When Redis goes away, the listener retries every ``max_backoff`` seconds at
most and meanwhile polls: every ``poll_interval`` it rebuilds each channel
that has readers in this process (once per channel, not per reader) and
delivers it if it changed, so changes made by other workers still arrive.
A publish that cannot reach the subscription goes to local readers directly.
When the subscription is back, every channel is rebuilt once more: readers
catch up with whatever was published while it was being re-established.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from edcamp.live.broker import Broker, Message, Payload, Refresh, Subscription, dumps

log = logging.getLogger(__name__)

REDIS_PREFIX = "edcamp:live:"
DRAIN_LIMIT = 1000  # messages read per wake-up before delivering (keeps delivery moving)


class RedisBroker(Broker):
    """Fan-out across processes through Redis pub/sub, polling while Redis is down."""

    def __init__(
        self,
        url: str,
        min_interval: float = 0.15,
        max_backoff: float = 1.0,
        namespace: str = "",
        poll_interval: float = 0.5,
        frame_cost: float = 0.0,
        fan_out_share: float = 0.5,
    ) -> None:
        import redis  # imported here so the in-process backend needs no Redis

        super().__init__(min_interval, frame_cost, fan_out_share)
        self._redis = redis
        self.url = url
        # Pub/sub ignores Redis database numbers: the namespace keeps apps on different
        # databases (test runs side by side, staging next to production) apart.
        self.prefix = f"{REDIS_PREFIX}{namespace}:" if namespace else REDIS_PREFIX
        self.max_backoff = max_backoff
        self.poll_interval = poll_interval
        self._client = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=1)
        self._listener_pid: int | None = None
        self._start_lock = threading.Lock()
        self._stopping = threading.Event()
        self.connected = threading.Event()
        self._ever_connected = False
        self._next_poll = 0.0
        # Called (in the listener's thread) when Redis is back after an outage.
        self.on_recovered: list[Callable[[], None]] = []

    @property
    def healthy(self) -> bool:
        return self.connected.is_set()

    def subscribe(self, channel: str, refresh: Refresh | None = None) -> Subscription:
        subscription = self.hub.add(channel, refresh)
        self._ensure_listening()
        if not self._ever_connected:
            self.connected.wait(0.5)  # a new worker's first stream: let it subscribe first
        return subscription

    def wait_ready(self, timeout: float = 5.0) -> bool:
        self._ensure_listening()
        return self.connected.wait(timeout)

    def ping(self) -> bool:
        """Whether Redis answers now (for readiness checks)."""
        try:
            return bool(self._client.ping())
        except self._redis.RedisError:
            return False

    def close(self) -> None:
        self._stopping.set()

    def _send(self, channel: str, payload: Payload) -> None:
        if not self.connected.is_set():
            # Our subscription is down or still coming back: it would not hear this.
            self.hub.deliver(Message(channel, payload))
        try:
            self._client.publish(self.prefix + channel, dumps(payload))
        except self._redis.RedisError:
            if self.connected.is_set():  # else the outage is logged once, by the listener
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
        backoff = 0.1
        while not self._stopping.is_set():
            try:
                self._listen_once()
            except (self._redis.RedisError, OSError) as exc:
                if backoff == 0.1:  # once per outage, not once per retry
                    log.warning("live: Redis unreachable (%s); polling meanwhile", exc)
                self._poll_for(backoff)
                backoff = min(backoff * 2, self.max_backoff)
            else:
                backoff = 0.1

    def _listen_once(self) -> None:
        client = self._redis.Redis.from_url(
            self.url,
            socket_connect_timeout=1,
            health_check_interval=5,
            client_name=f"edcamp-live-{os.getpid()}-{id(self)}",
        )
        pubsub = client.pubsub()
        try:
            pubsub.psubscribe(self.prefix + "*")
            while not self._stopping.is_set():
                message = pubsub.get_message(timeout=1.0)
                if message is None:
                    continue
                if message["type"] == "psubscribe":
                    self._on_subscribed()
                elif message["type"] == "pmessage":
                    self._dispatch_latest(pubsub, message)
        finally:
            self.connected.clear()
            with contextlib.suppress(self._redis.RedisError, OSError):
                pubsub.close()
                client.close()

    def _on_subscribed(self) -> None:
        self.connected.set()
        if self._ever_connected:
            # Anything published while we were away is lost: rebuild each channel once.
            self.hub.refresh_all()
            for callback in self.on_recovered:
                try:
                    callback()
                except Exception:
                    log.exception("live: a recovery callback failed")
        self._ever_connected = True

    def _dispatch_latest(self, pubsub: Any, message: dict) -> None:
        """Deliver ``message`` and whatever else is waiting, newest per channel only."""
        latest = {message["channel"]: message["data"]}
        for _ in range(DRAIN_LIMIT):
            more = pubsub.get_message(timeout=0)
            if more is None:
                break
            if more["type"] == "pmessage":
                latest[more["channel"]] = more["data"]
        for raw_channel, data in latest.items():
            self._dispatch(raw_channel, data)

    def _dispatch(self, raw_channel: bytes, data: bytes) -> None:
        channel = raw_channel.decode()[len(self.prefix) :]
        if self.hub.repeats(channel, data):
            return  # another worker published the very same state
        try:
            payload = json.loads(data)
        except ValueError:
            log.warning("live: dropped a malformed message on %s", channel)
            return
        self.hub.deliver(Message(channel, payload), wire=data)

    def _poll_for(self, seconds: float) -> None:
        """Keep readers current without Redis for ``seconds``, then try Redis again."""
        deadline = time.monotonic() + seconds
        while not self._stopping.is_set():
            now = time.monotonic()
            if now >= self._next_poll:
                self._next_poll = now + self.poll_interval
                self.hub.refresh_all(only_changed=True)
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self._stopping.wait(min(self._next_poll - time.monotonic(), left))
