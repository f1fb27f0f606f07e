"""PostgreSQL's one-statement vote: the fast path of ``edcamp.voting.service.vote``.

Each statement to PostgreSQL is a network round trip and a commit; a vote's
transaction costs six (pool ping, BEGIN, three statements, COMMIT). Here one
statement (``PG_VOTE_BATCH``) does a vote's checks, picks the lowest free
ballot and inserts, for a whole batch of votes, on an autocommitted connection
of its own small pool, sent straight to psycopg as a prepared statement.

Group commit: while one batch of votes is at the database, the votes that
arrive meanwhile queue, and the oldest of them then takes the whole queue
there as one statement. One request alone goes at once (no added wait); under
load, batches grow by themselves to what arrived during the previous round
trip. There is no background thread: the request at the head of the queue
leads (runs the batch for everyone in it), then hands the lead to the oldest
request still waiting. Works with threads and with gevent's greenlets alike.

The one entry point is ``cast``. It answers with what the statement saw (the
rules are judged by the service, as for the transaction) or None when the
transaction must decide: not on PostgreSQL with psycopg, a dropped connection,
a failed batch, no answer in time, or a vote that lost a race to its ballot.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import psycopg
from flask import Flask, current_app
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from edcamp.database import BUSY_TIMEOUT_S
from edcamp.extensions import db
from edcamp.models import utcnow

_STATE = "edcamp.pg_votes"


@dataclass(frozen=True)
class Outcome:
    """What the statement saw before its vote, and whether it inserted it."""

    event: tuple | None  # the event's row (as ``ballot_box.event_row``); None: no event
    attendee_id: int | None  # None: the voter is nobody of this event
    proposal: tuple[int, bool] | None  # (event_id, hidden); None: no such proposal
    voted: frozenset[int]  # the attendee's proposals before this vote
    used: frozenset[int]  # ...and their ballots
    inserted: bool


def cast(
    slug: str, proposal_id: int, *, token_hash: str | None, attendee_id: int | None
) -> Outcome | None:
    """Cast one vote through this process's batches; None: take the transaction."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    batches = group(app)
    if batches is None:
        return None
    try:
        request = (slug, token_hash, attendee_id, proposal_id)
        row = batches.submit(token_hash or attendee_id, request)
    except (Abandoned, Unsettled):
        return None
    if row is None:
        return Outcome(None, None, None, frozenset(), frozenset(), False)
    event = (row[0], row[1], row[2], row[3], row[4], bool(row[5]))
    proposal = (row[7], bool(row[8])) if row[7] is not None else None
    return Outcome(event, row[6], proposal, frozenset(row[9]), frozenset(row[10]), row[11])


def available() -> bool:
    """Whether this app votes in one statement (PostgreSQL through psycopg)."""
    return group(current_app._get_current_object()) is not None  # type: ignore[attr-defined]


_state_lock = threading.Lock()


def group(app: Flask) -> GroupCommit | None:
    """This app's vote batches, made on first use; None off PostgreSQL with psycopg."""
    state = app.extensions.get(_STATE)
    if state is None:
        with _state_lock:
            state = app.extensions.get(_STATE)
            if state is None:
                state = app.extensions[_STATE] = _start(app)
    return state[1]


def _start(app: Flask) -> tuple[Engine | None, GroupCommit | None]:
    if db.engine.dialect.driver != "psycopg":
        return None, None
    twin = _autocommit_twin(db.engine, app.config["AUTOCOMMIT_POOL_SIZE"])
    return twin, GroupCommit(partial(_run_votes, twin))


def engine(app: Flask | None = None) -> Engine | None:
    """The pool of autocommitted connections the statement runs on (for tests)."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    group(app)
    return app.extensions[_STATE][0]


def _autocommit_twin(engine: Engine, pool_size: int) -> Engine:
    """A second, small pool on the same database whose connections stay in autocommit.
    Through the main pool the same statement also pays a pre-ping round trip and
    switching autocommit on and back off at every checkout. No pre-ping here: a dropped
    connection is invalidated and the vote takes the transaction. Requests beyond
    ``pool_size`` wait for a connection rather than opening and closing one each (a new
    PostgreSQL connection costs more than the vote). Disposed with the main engine."""
    twin = create_engine(
        engine.url,
        isolation_level="AUTOCOMMIT",
        pool_size=pool_size,
        max_overflow=0,
        pool_timeout=BUSY_TIMEOUT_S,
        pool_reset_on_return=None,
    )
    event.listen(engine, "engine_disposed", lambda _engine: twin.dispose())
    event.listen(twin, "connect", _plan_once)
    return twin


def _plan_once(dbapi_connection, _record) -> None:
    # The statement's plan does not depend on its values: plan it once, not on every run
    # (PostgreSQL's default re-plans the first runs, and keeps doing so when the generic
    # plan's estimate looks worse).
    dbapi_connection.execute("SET plan_cache_mode = force_generic_plan")
    dbapi_connection.commit()


# Each lookup is a LATERAL subquery on a unique index, so the plan stays right on a fresh
# database whose statistics still say "empty". The ballot is the lowest free one up to the
# limit, and none once the attendee holds ``limit`` votes: this mirrors
# ``edcamp.voting.service.lowest_free_ballot`` (change both together).
#
# Like the transaction, it leaves the limit to the constraints: ballots are 1..limit and
# UNIQUE per attendee. A vote that a concurrent one beat to its ballot (or proposal) is
# skipped by ON CONFLICT DO NOTHING instead of failing the batch; its row then says "not
# inserted" although the rules allowed it, and the caller takes the transaction for it.
# Voters come as a token hash (the API's bearer tokens) or an attendee id (a phone's
# session, already checked); each row comes back under its position ``n``.
PG_VOTE_BATCH = """
WITH ctx AS MATERIALIZED (
  SELECT r.n, r.proposal_id, e.id AS event_id, e.slug, e.voting, e.voting_closes_at,
         e.votes_per_attendee AS lim, e.show_counts,
         CASE WHEN a.event_id = e.id AND a.deleted_at IS NULL THEN a.id END AS attendee_id,
         p.event_id AS p_event, p.hidden AS p_hidden,
         coalesce(mine.proposals, '{}') AS voted, coalesce(mine.ballots, '{}') AS used,
         (SELECT min(g) FROM generate_series(1, e.votes_per_attendee) AS g
          WHERE g <> ALL (coalesce(mine.ballots, '{}'))) AS free_ballot
  FROM unnest(%(slugs)s::text[], %(token_hashes)s::text[], %(attendee_ids)s::int[],
              %(proposal_ids)s::int[])
       WITH ORDINALITY AS r(slug, token_hash, attendee_id, proposal_id, n)
  JOIN LATERAL (SELECT * FROM events WHERE slug = r.slug LIMIT 1) e ON true
  LEFT JOIN LATERAL (
    SELECT id, event_id, deleted_at FROM attendees WHERE token_hash = r.token_hash
    UNION ALL
    SELECT id, event_id, deleted_at FROM attendees WHERE id = r.attendee_id
    LIMIT 1
  ) a ON true
  LEFT JOIN LATERAL (
    SELECT event_id, hidden FROM proposals WHERE id = r.proposal_id LIMIT 1
  ) p ON true
  LEFT JOIN LATERAL (
    SELECT array_agg(proposal_id) AS proposals, array_agg(ballot) AS ballots
    FROM votes WHERE attendee_id = a.id
  ) mine ON true
), ins AS (
  INSERT INTO votes (event_id, proposal_id, attendee_id, ballot, created_at)
  SELECT event_id, proposal_id, attendee_id, free_ballot, %(now)s FROM ctx
  -- The service's rules, mirrored: voting open (events.voting.voting_is_open), a visible
  -- proposal of this event, an attendee of it, and the ballot as lowest_free_ballot picks it.
  WHERE voting = 'open' AND (voting_closes_at IS NULL OR voting_closes_at > %(now)s)
    AND p_event = event_id AND NOT p_hidden AND attendee_id IS NOT NULL
    AND free_ballot IS NOT NULL AND cardinality(voted) < lim AND proposal_id <> ALL (voted)
  ON CONFLICT DO NOTHING
  RETURNING attendee_id, proposal_id
)
SELECT n, event_id, slug, voting, voting_closes_at, lim, show_counts, attendee_id, p_event,
       p_hidden, voted, used,
       EXISTS (SELECT 1 FROM ins WHERE ins.attendee_id = ctx.attendee_id
               AND ins.proposal_id = ctx.proposal_id)
FROM ctx
"""


class Unsettled(Exception):
    """The batch decided nothing (a dropped connection, a failed batch)."""


VoteRequest = tuple[str, str | None, int | None, int]  # slug, token hash, attendee id, proposal


def _run_votes(engine: Engine, requests: list[VoteRequest]) -> list[tuple | None]:
    values = {
        "slugs": [r[0] for r in requests],
        "token_hashes": [r[1] for r in requests],
        "attendee_ids": [r[2] for r in requests],
        "proposal_ids": [r[3] for r in requests],
        "now": utcnow(),
    }
    try:
        pooled = engine.raw_connection()
    except (DBAPIError, PoolTimeout, psycopg.Error) as error:
        # No connection to be had (the pool hands on the driver's own error unwrapped, e.g.
        # a restarting server refusing connections): the transaction's turn, which answers
        # 503 if the database is really away.
        raise Unsettled from error
    try:
        rows = pooled.driver_connection.execute(PG_VOTE_BATCH, values, prepare=True).fetchall()
    except psycopg.OperationalError as error:
        pooled.invalidate()  # the server went away or restarted: reconnect next time
        raise Unsettled from error
    except psycopg.IntegrityError as error:  # e.g. a proposal deleted meanwhile
        raise Unsettled from error
    finally:
        pooled.close()
    by_position = {row[0]: row[1:] for row in rows}
    return [by_position.get(n) for n in range(1, len(requests) + 1)]


# Group commit ---------------------------------------------------------------------------


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
