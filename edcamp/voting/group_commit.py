"""Group commit: requests that arrive while one batch is at the database go in the next.

A vote is a tiny write, and on PostgreSQL most of its cost is per statement and
per commit (the round trip, planning, the WAL flush), not per row. So while one
batch of votes is at the database, the votes that arrive meanwhile queue, and
the oldest of them then takes the whole queue there as one statement. One
request alone goes at once (no added wait); under load, batches grow by
themselves to what arrived during the previous round trip.

There is no background thread: the request at the head of the queue leads (runs
the batch for everyone in it), then hands the lead to the oldest request still
waiting. Works with threads and with gevent's greenlets alike (gevent patches
``threading``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from typing import Any


class Abandoned(Exception):
    """A request waited longer than the group's timeout (its batch may still commit)."""


class _Slot:
    __slots__ = ("key", "params", "woken", "leads", "outcome")

    def __init__(self, key: Hashable, params: Any) -> None:
        self.key = key
        self.params = params
        self.woken = threading.Event()
        self.leads = False
        self.outcome: Any = None


class GroupCommit:
    """Runs ``run_batch(params_list) -> outcomes`` (one outcome per params, in order) on
    batches of concurrent ``submit`` calls. Two requests with the same ``key`` never share
    a batch (the later one waits for the next). An outcome that is an exception is raised
    in its own request; an exception from ``run_batch`` is raised in every request of the
    batch."""

    def __init__(
        self, run_batch: Callable[[list], Sequence], *, max_size: int = 64, timeout: float = 30
    ) -> None:
        self.run_batch = run_batch
        self.max_size = max_size
        self.timeout = timeout
        self._lock = threading.Lock()
        self._queue: list[_Slot] = []
        self._busy = False  # a leader is running (or about to run) a batch
        self.batches = 0  # how many batches ran, and for how many requests (for tests and
        self.requests = 0  # benchmarks: requests / batches is the mean batch size)

    def submit(self, key: Hashable, params: Any) -> Any:
        me = _Slot(key, params)
        with self._lock:
            self._queue.append(me)
            if not self._busy:
                self._busy = me.leads = True
        if not me.leads:
            try:
                woken = me.woken.wait(self.timeout)
            except BaseException:  # killed while waiting (a worker timeout, shutdown)
                self._abandon(me)
                raise
            if not woken:
                self._abandon(me)
                raise Abandoned("The database did not answer in time.")
        if me.leads:
            try:
                self._run(self._take())
            finally:
                self._hand_over()
        if isinstance(me.outcome, BaseException):
            raise me.outcome
        return me.outcome

    def _take(self) -> list[_Slot]:
        """The next batch: the oldest requests, one per key, at most ``max_size``."""
        batch: list[_Slot] = []
        keys: set = set()
        with self._lock:
            rest: list[_Slot] = []
            for slot in self._queue:
                if len(batch) < self.max_size and slot.key not in keys:
                    keys.add(slot.key)
                    batch.append(slot)
                else:
                    rest.append(slot)
            self._queue = rest
            self.batches += 1
            self.requests += len(batch)
        return batch

    def _run(self, batch: list[_Slot]) -> None:
        try:
            outcomes = self.run_batch([slot.params for slot in batch])
            if len(outcomes) != len(batch):
                raise RuntimeError(f"{len(outcomes)} outcomes for a batch of {len(batch)}")
            for slot, outcome in zip(batch, outcomes, strict=True):
                slot.outcome = outcome
        except BaseException as error:
            for slot in batch:
                slot.outcome = error
            if not isinstance(error, Exception):
                raise
        finally:
            for slot in batch:
                slot.woken.set()

    def _hand_over(self) -> None:
        with self._lock:
            if self._queue:
                head = self._queue[0]
                head.leads = True
                head.woken.set()
            else:
                self._busy = False

    def _abandon(self, me: _Slot) -> None:
        """Leave the queue; pass the lead on if it had just been handed to us."""
        with self._lock:
            if me in self._queue:
                self._queue.remove(me)
            promoted = me.leads
        if promoted:
            self._hand_over()
