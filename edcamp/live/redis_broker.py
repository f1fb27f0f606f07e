"""Fan-out across processes through Redis pub/sub.

A publish goes to Redis; each worker process keeps ONE pattern subscription
that fans out to its local subscribers, and reconnects with back-off when
Redis goes away.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading

from edcamp.live.broker import Broker, Message, Payload, Subscription, dumps

log = logging.getLogger(__name__)

REDIS_PREFIX = "edcamp:live:"


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
