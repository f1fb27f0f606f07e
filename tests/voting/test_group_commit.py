"""Group commit: concurrent requests share batches, each gets its own outcome."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from edcamp.voting.pg_votes import Abandoned, GroupCommit


def doubling(batches: list):
    """A batch runner that records each batch and answers each request with params * 2."""

    def run(params: list) -> list:
        batches.append(list(params))
        time.sleep(0.02)  # one round trip: later requests queue meanwhile
        return [p * 2 for p in params]

    return run


def test_a_lone_request_runs_at_once_as_a_batch_of_one():
    batches: list = []
    group = GroupCommit(doubling(batches))
    assert group.submit("a", 21) == 42
    assert batches == [[21]]


def test_concurrent_requests_share_batches_and_get_their_own_outcome():
    batches: list = []
    group = GroupCommit(doubling(batches))
    with ThreadPoolExecutor(max_workers=40) as pool:
        outcomes = list(pool.map(lambda n: group.submit(f"key{n}", n), range(200)))
    assert outcomes == [n * 2 for n in range(200)]
    assert sorted(p for batch in batches for p in batch) == list(range(200))  # each once
    assert len(batches) < 100, "requests that arrived during a batch were not grouped"
    assert (group.batches, group.requests) == (len(batches), 200)


def test_one_key_never_appears_twice_in_a_batch():
    batches: list = []
    group = GroupCommit(doubling(batches))
    keys = [f"voter{n % 5}" for n in range(100)]
    with ThreadPoolExecutor(max_workers=30) as pool:
        list(pool.map(lambda n: group.submit(keys[n], n), range(100)))
    for batch in batches:
        batch_keys = [keys[n] for n in batch]
        assert len(batch_keys) == len(set(batch_keys))


def test_batches_are_capped_at_max_size():
    batches: list = []
    group = GroupCommit(doubling(batches), max_size=4)
    with ThreadPoolExecutor(max_workers=30) as pool:
        list(pool.map(lambda n: group.submit(n, n), range(60)))
    assert max(len(batch) for batch in batches) <= 4


def test_an_outcome_that_is_an_exception_is_raised_in_its_own_request_only():
    def run(params: list) -> list:
        return [ValueError(p) if p == "bad" else p for p in params]

    group = GroupCommit(run)
    with pytest.raises(ValueError, match="bad"):
        group.submit(1, "bad")
    assert group.submit(2, "good") == "good"


def test_a_failing_batch_fails_its_requests_and_the_group_goes_on():
    calls = {"n": 0}

    def run(params: list) -> list:
        calls["n"] += 1
        if calls["n"] == 1:
            time.sleep(0.05)
            raise RuntimeError("database went away")
        return params

    group = GroupCommit(run)
    errors, results = [], []

    def submit(n):
        try:
            results.append(group.submit(n, n))
        except RuntimeError as error:
            errors.append(error)

    first = threading.Thread(target=submit, args=(0,))
    first.start()
    time.sleep(0.01)  # the first batch is running: these queue behind it
    later = [threading.Thread(target=submit, args=(n,)) for n in range(1, 6)]
    for thread in later:
        thread.start()
    for thread in [first, *later]:
        thread.join(5)
    assert len(errors) == 1  # only the first batch failed
    assert sorted(results) == [1, 2, 3, 4, 5]  # the next leader ran the rest


def test_a_request_that_waits_too_long_gives_up_without_stalling_the_group():
    release = threading.Event()

    def run(params: list) -> list:
        if 0 in params:
            release.wait(5)  # a batch stuck at the database
        return params

    group = GroupCommit(run, timeout=0.1)
    stuck = threading.Thread(target=group.submit, args=(0, 0))
    stuck.start()
    time.sleep(0.02)
    with pytest.raises(Abandoned):
        group.submit(1, 1)  # queued behind the stuck batch, gives up
    release.set()
    stuck.join(5)
    assert group.submit(2, 2) == 2  # the lead was not lost
