"""Coalescing: at most one send per channel per interval, the newest state wins.

Used twice: when publishing (a board is built at most once per ``LIVE_MIN_INTERVAL``
per worker) and, in each worker, before the fan-out to its streams (``LocalHub``: the
interval grows with the number of streams, so the fan-out's CPU stays bounded).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Interval = float | Callable[[str], float]


class Coalescer:
    """Sends at most one state per channel every ``min_interval`` seconds.

    The first publish after a quiet spell goes out at once; later ones within
    the interval collapse into one trailing send of the newest source. Sends
    happen in one background thread per process (started lazily, again after
    a fork), so publishing never blocks the request that changed the state.
    ``min_interval <= 0`` sends synchronously instead; a callable gives each channel's
    interval when it is due (the fan-out's grows with its streams). A state that fails
    to build (the database is away) is tried again with back-off, up to ``RETRIES`` times.
    """

    RETRIES = 12  # 0.25, 0.5, 1, then every 2 s: about 20 s

    def __init__(self, send: Callable[[str, Any], None], min_interval: Interval) -> None:
        self._send = send
        self.min_interval = min_interval
        self._cond = threading.Condition(threading.Lock())
        self._pending: dict[str, Any] = {}
        self._due: dict[str, float] = {}
        self._last: dict[str, float] = {}
        self._failures: dict[str, int] = {}  # failed builds in a row, per channel
        self._pid: int | None = None

    def interval(self, channel: str) -> float:
        interval = self.min_interval
        return interval(channel) if callable(interval) else interval

    def submit(self, channel: str, source: Any) -> None:
        """Send ``source`` (a state, or a callable building it) on ``channel``."""
        if not callable(self.min_interval) and self.min_interval <= 0:
            self._emit(channel, source)
            return
        with self._cond:
            self._start()
            self._pending[channel] = source
            if channel not in self._due:
                last = self._last.get(channel, float("-inf"))
                self._due[channel] = max(time.monotonic(), last + self.interval(channel))
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
                if not self._emit(channel, source):
                    self._retry(channel, source)

    def _retry(self, channel: str, source: Any) -> None:
        """Try a state that could not be built or sent again a little later (the database
        restarting): without it, open screens would miss the last change until the next
        one. A newer publish replaces it; after ``RETRIES`` failures it is given up."""
        with self._cond:
            failures = self._failures.get(channel, 0) + 1
            if channel in self._pending or failures > self.RETRIES:
                self._failures.pop(channel, None)
                return
            self._failures[channel] = failures
            self._pending[channel] = source
            self._due[channel] = time.monotonic() + min(0.25 * 2 ** (failures - 1), 2.0)
            self._cond.notify()

    def _emit(self, channel: str, source: Any) -> bool:
        """Build and send; False if that failed."""
        try:
            payload = source() if callable(source) else source
            if payload is not None:
                self._send(channel, payload)
        except Exception:  # a failed update must not take the publisher down
            if channel not in self._failures:  # once per outage, not once per retry
                log.exception("live: could not publish on %s; trying again", channel)
            return False
        self._failures.pop(channel, None)
        return True
