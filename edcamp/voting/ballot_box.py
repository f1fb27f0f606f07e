"""The vote's hot path in driver-level SQL.

Every phone's tap lands here, all day long. Through SQLAlchemy (ORM or Core
alike) each statement costs about 0.2 ms of Python before the database sees
it; sent straight to the driver, the six statements of a vote cost about as
much together. So these few statements are plain SQL, written once with ``?``
placeholders and rewritten for drivers that use ``%s`` (psycopg). They run in
the current ``edcamp.database.direct_transaction`` (SQLite's votes), or else
on the session's own connection and transaction, so the session's commit and
rollback cover them. On PostgreSQL a vote first goes as part of a batch in
one statement (``pg_vote``, at the end), and takes the transaction only when
that cannot settle it. The rules around them live in ``edcamp.voting.service``.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from functools import partial

import psycopg
from flask import current_app
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from edcamp.database import autocommit_engine, direct_cursor
from edcamp.extensions import db
from edcamp.models import utcnow
from edcamp.urls import MAX_ID
from edcamp.voting.group_commit import Abandoned, GroupCommit

_converted: dict[tuple[str, str], str] = {}


def _sql(connection: Connection, statement: str) -> str:
    style = connection.dialect.paramstyle
    key = (style, statement)
    if key not in _converted:
        _converted[key] = statement if style == "qmark" else statement.replace("?", "%s")
    return _converted[key]


def run(statement: str, *params):
    """Execute in the current ``direct_transaction`` if there is one, else on the session's
    connection, joining its transaction; the driver's cursor (SQLAlchemy's result layer
    costs more than these statements). A constraint violation is raised as SQLAlchemy's
    IntegrityError, as it would be through the ORM."""
    cursor = direct_cursor()
    if cursor is not None:
        sql, integrity_error = statement, sqlite3.IntegrityError  # only SQLite runs direct
    else:
        connection = db.session.connection()
        sql = _sql(connection, statement)
        cursor = connection.connection.cursor()
        integrity_error = connection.dialect.loaded_dbapi.IntegrityError
    try:
        cursor.execute(sql, params)
    except integrity_error as error:
        raise IntegrityError(sql, params, error) from error
    return cursor


def _datetime(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)  # SQLite hands back its stored text


def event_row(slug: str) -> tuple | None:
    """(id, slug, voting, voting_closes_at, votes_per_attendee, show_counts) or None."""
    row = run(
        "SELECT id, slug, voting, voting_closes_at, votes_per_attendee, show_counts"
        " FROM events WHERE slug = ?",
        slug,
    ).fetchone()
    if row is None:
        return None
    return (row[0], row[1], row[2], _datetime(row[3]), row[4], bool(row[5]))


def vote_context(slug: str, token_hash: str, proposal_id: int) -> tuple | None:
    """One query for a vote sent with a bearer token: the event's row (as ``event_row``),
    then the token's attendee id (or None) and the proposal's (event_id, hidden) (or
    None). None when there is no such event."""
    row = run(
        "SELECT e.id, e.slug, e.voting, e.voting_closes_at, e.votes_per_attendee,"
        " e.show_counts, a.id, p.event_id, p.hidden FROM events e"
        " LEFT JOIN attendees a ON a.event_id = e.id AND a.token_hash = ?"
        " AND a.deleted_at IS NULL"
        " LEFT JOIN proposals p ON p.id = ?"
        " WHERE e.slug = ?",
        token_hash,
        proposal_id,
        slug,
    ).fetchone()
    if row is None:
        return None
    event = (row[0], row[1], row[2], _datetime(row[3]), row[4], bool(row[5]))
    proposal = (row[7], bool(row[8])) if row[7] is not None else None
    return event, row[6], proposal


def attendee_id(event_id: int, token_hash: str) -> int | None:
    row = run(
        "SELECT id FROM attendees WHERE token_hash = ? AND event_id = ? AND deleted_at IS NULL",
        token_hash,
        event_id,
    ).fetchone()
    return row[0] if row else None


def live_attendee(event_id: int, attendee_id: int) -> int | None:
    """``attendee_id`` if it is an attendee of this event who has not been deleted."""
    if not 0 < attendee_id <= MAX_ID:
        return None
    row = run(
        "SELECT id FROM attendees WHERE id = ? AND event_id = ? AND deleted_at IS NULL",
        attendee_id,
        event_id,
    ).fetchone()
    return row[0] if row else None


def proposal_state(proposal_id: int) -> tuple[int, bool] | None:
    """(event_id, hidden) of a proposal, or None."""
    row = run("SELECT event_id, hidden FROM proposals WHERE id = ?", proposal_id).fetchone()
    return (row[0], bool(row[1])) if row else None


def ballots(attendee_id: int) -> list[tuple[int, int]]:
    """(proposal_id, ballot) of each of the attendee's votes."""
    rows = run("SELECT proposal_id, ballot FROM votes WHERE attendee_id = ?", attendee_id)
    return [(row[0], row[1]) for row in rows]


def locked_ballots(attendee_id: int) -> list[tuple[int, int]]:
    """The attendee's ballots; on PostgreSQL the attendee's row is locked by the same query,
    so one attendee's concurrent votes queue instead of racing (SQLite's writers are
    serialised by BEGIN IMMEDIATE already)."""
    if db.engine.dialect.name != "postgresql":
        return ballots(attendee_id)
    rows = run(
        "SELECT v.proposal_id, v.ballot FROM attendees a"
        " LEFT JOIN votes v ON v.attendee_id = a.id WHERE a.id = ? FOR UPDATE OF a",
        attendee_id,
    )
    return [(row[0], row[1]) for row in rows if row[0] is not None]


def insert_vote(event_id: int, proposal_id: int, attendee_id: int, ballot: int) -> None:
    now = utcnow()
    # SQLAlchemy's own text format for SQLite datetimes; real timestamps elsewhere.
    created = now.strftime("%Y-%m-%d %H:%M:%S.%f") if db.engine.dialect.name == "sqlite" else now
    run(
        "INSERT INTO votes (event_id, proposal_id, attendee_id, ballot, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        event_id,
        proposal_id,
        attendee_id,
        ballot,
        created,
    )


def delete_vote(attendee_id: int, proposal_id: int) -> None:
    run("DELETE FROM votes WHERE attendee_id = ? AND proposal_id = ?", attendee_id, proposal_id)


# PostgreSQL: votes in one statement, many at a time --------------------------------------
#
# Each statement to PostgreSQL is a network round trip and a commit; the transaction above
# costs six (pool ping, BEGIN, three statements, COMMIT). This statement does a vote's
# checks, picks the lowest free ballot and inserts, for a whole batch of votes (see
# ``group_commit``), on an autocommitted connection of its own pool, sent straight to
# psycopg as a prepared statement. Each lookup is a LATERAL subquery on a unique index, so
# the plan stays right on a fresh database whose statistics still say "empty".
#
# Like the transaction, it leaves the limit to the constraints: ballots are 1..limit and
# UNIQUE per attendee. A vote that a concurrent one beat to its ballot (or proposal) is
# skipped by ON CONFLICT DO NOTHING instead of failing the batch; its row then says "not
# inserted" although the rules allowed it, and the caller takes the transaction for it.
# Voters come as a token hash (the API's bearer tokens) or an attendee id (a phone's
# session cookie, already checked); each row comes back under its position ``n``.
PG_VOTE_BATCH = """
WITH ctx AS MATERIALIZED (
  SELECT r.n, r.proposal_id, e.id AS event_id, e.slug, e.voting, e.voting_closes_at,
         e.votes_per_attendee AS lim, e.show_counts,
         CASE WHEN a.event_id = e.id AND a.deleted_at IS NULL THEN a.id END AS attendee_id,
         p.event_id AS p_event, p.hidden AS p_hidden,
         coalesce(mine.proposals, '{}') AS voted,
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
  WHERE voting = 'open' AND (voting_closes_at IS NULL OR voting_closes_at > %(now)s)
    AND p_event = event_id AND NOT p_hidden AND attendee_id IS NOT NULL
    AND free_ballot IS NOT NULL AND cardinality(voted) < lim AND proposal_id <> ALL (voted)
  ON CONFLICT DO NOTHING
  RETURNING attendee_id, proposal_id
)
SELECT n, event_id, slug, voting, voting_closes_at, lim, show_counts, attendee_id, p_event,
       p_hidden, voted,
       EXISTS (SELECT 1 FROM ins WHERE ins.attendee_id = ctx.attendee_id
               AND ins.proposal_id = ctx.proposal_id)
FROM ctx
"""


class Unsettled(Exception):
    """The batched vote decided nothing (a dropped connection, a failed batch, no answer
    in time): take the transaction path."""


VoteRequest = tuple[str, str | None, int | None, int]  # slug, token hash, attendee id, proposal
_GROUP = "edcamp.vote_group"


def pg_vote(
    slug: str, proposal_id: int, *, token_hash: str | None = None, attendee_id: int | None = None
) -> tuple | None:
    """Cast one vote through the app's vote batches (PostgreSQL only). Its row:
    (event_id, slug, voting, voting_closes_at, limit, show_counts, attendee_id,
    proposal's event_id, proposal hidden, the attendee's proposal ids before this vote,
    inserted); None when there is no such event. Raises ``Unsettled``."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    group = app.extensions.get(_GROUP)
    if group is None:
        group = app.extensions.setdefault(_GROUP, GroupCommit(partial(_run_votes, app)))
    try:
        return group.submit(token_hash or attendee_id, (slug, token_hash, attendee_id, proposal_id))
    except Abandoned as error:
        raise Unsettled from error


def _run_votes(app, requests: list[VoteRequest]) -> list[tuple | None]:
    values = {
        "slugs": [r[0] for r in requests],
        "token_hashes": [r[1] for r in requests],
        "attendee_ids": [r[2] for r in requests],
        "proposal_ids": [r[3] for r in requests],
        "now": utcnow(),
    }
    try:
        pooled = autocommit_engine(app).raw_connection()
    except (DBAPIError, PoolTimeout) as error:  # no connection to be had: the main pool's turn
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
