"""The vote's hot path in driver-level SQL.

Every phone's tap lands here, all day long. Through SQLAlchemy (ORM or Core
alike) each statement costs about 0.2 ms of Python before the database sees
it; sent straight to the driver, the six statements of a vote cost about as
much together. So these few statements are plain SQL, written once with ``?``
placeholders and rewritten for drivers that use ``%s`` (psycopg). They run on
the session's own connection and transaction, so the session's commit and
rollback cover them. The rules around them live in ``edcamp.voting.service``.
"""

from __future__ import annotations

from datetime import datetime

import psycopg
from sqlalchemy.engine import Connection

from edcamp.database import autocommit_engine
from edcamp.extensions import db
from edcamp.models import utcnow

_converted: dict[tuple[str, str], str] = {}


def _sql(connection: Connection, statement: str) -> str:
    style = connection.dialect.paramstyle
    key = (style, statement)
    if key not in _converted:
        _converted[key] = statement if style == "qmark" else statement.replace("?", "%s")
    return _converted[key]


def run(statement: str, *params):
    """Execute on the session's connection (joining its transaction); a result."""
    connection = db.session.connection()
    return connection.exec_driver_sql(_sql(connection, statement), tuple(params))


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
    ).first()
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
    ).first()
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
    ).first()
    return row[0] if row else None


def proposal_state(proposal_id: int) -> tuple[int, bool] | None:
    """(event_id, hidden) of a proposal, or None."""
    row = run("SELECT event_id, hidden FROM proposals WHERE id = ?", proposal_id).first()
    return (row[0], bool(row[1])) if row else None


def ballots(attendee_id: int) -> list[tuple[int, int]]:
    """(proposal_id, ballot) of each of the attendee's votes."""
    rows = run("SELECT proposal_id, ballot FROM votes WHERE attendee_id = ?", attendee_id)
    return [(row[0], row[1]) for row in rows]


def locked_ballots(attendee_id: int) -> list[tuple[int, int]]:
    """The attendee's ballots; on PostgreSQL the attendee's row is locked by the same query,
    so one attendee's concurrent votes queue instead of racing (SQLite's writers are
    serialised by BEGIN IMMEDIATE already)."""
    if db.session.connection().dialect.name != "postgresql":
        return ballots(attendee_id)
    rows = run(
        "SELECT v.proposal_id, v.ballot FROM attendees a"
        " LEFT JOIN votes v ON v.attendee_id = a.id WHERE a.id = ? FOR UPDATE OF a",
        attendee_id,
    )
    return [(row[0], row[1]) for row in rows if row[0] is not None]


def insert_vote(event_id: int, proposal_id: int, attendee_id: int, ballot: int) -> None:
    connection = db.session.connection()
    now = utcnow()
    # SQLAlchemy's own text format for SQLite datetimes; real timestamps elsewhere.
    created = now.strftime("%Y-%m-%d %H:%M:%S.%f") if connection.dialect.name == "sqlite" else now
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


# PostgreSQL: a whole vote in one statement --------------------------------------------
#
# Each statement to PostgreSQL is a network round trip; the transaction above costs six
# (pool ping, BEGIN, three statements, COMMIT). This statement does the checks, locks the
# attendee's row, picks the lowest free ballot and inserts, on an autocommitted connection
# of its own pool: one round trip, sent straight to psycopg as a prepared statement (the
# Python around a vote costs more than PostgreSQL's work on it). It only inserts when
# every rule allows it; callers fall back to the transaction above whenever its answer is
# not a plain success or a plain refusal (a unique violation, from a vote that committed
# while this one waited for the lock, is such a case: the constraints still hold).
PG_ONE_STATEMENT_VOTE = """
WITH ctx AS (
  SELECT e.id AS event_id, e.slug, e.voting, e.voting_closes_at, e.votes_per_attendee AS lim,
         e.show_counts, a.id AS attendee_id, p.event_id AS p_event, p.hidden AS p_hidden
  FROM events e
  LEFT JOIN attendees a ON a.event_id = e.id AND a.token_hash = %(token_hash)s
       AND a.deleted_at IS NULL
  LEFT JOIN proposals p ON p.id = %(proposal_id)s
  WHERE e.slug = %(slug)s
), locked AS (
  SELECT a.id FROM attendees a JOIN ctx ON a.id = ctx.attendee_id FOR UPDATE OF a
), mine AS (
  SELECT v.proposal_id, v.ballot FROM votes v JOIN locked ON v.attendee_id = locked.id
), pick AS (
  SELECT min(n) AS ballot FROM ctx, generate_series(1, ctx.lim) AS n
  WHERE n NOT IN (SELECT ballot FROM mine)
), ins AS (
  INSERT INTO votes (event_id, proposal_id, attendee_id, ballot, created_at)
  SELECT ctx.event_id, %(proposal_id)s, ctx.attendee_id, pick.ballot, %(now)s
  FROM ctx, pick, locked
  WHERE ctx.voting = 'open'
    AND (ctx.voting_closes_at IS NULL OR ctx.voting_closes_at > %(now)s)
    AND ctx.p_event = ctx.event_id AND NOT ctx.p_hidden
    AND pick.ballot IS NOT NULL
    AND (SELECT count(*) FROM mine) < ctx.lim
    AND NOT EXISTS (SELECT 1 FROM mine WHERE mine.proposal_id = %(proposal_id)s)
  RETURNING proposal_id
)
SELECT ctx.event_id, ctx.slug, ctx.voting, ctx.voting_closes_at, ctx.lim, ctx.show_counts,
       ctx.attendee_id, ctx.p_event, ctx.p_hidden,
       ARRAY(SELECT proposal_id FROM mine), (SELECT count(*) FROM ins)
FROM ctx
"""


class Unsettled(Exception):
    """The one-statement vote decided nothing (a race the constraints caught, a dropped
    connection): take the transaction path."""


def pg_one_statement_vote(slug: str, token_hash: str, proposal_id: int) -> tuple | None:
    """Run the one-statement vote; its result row, or None when there is no such event."""
    params = {"slug": slug, "token_hash": token_hash, "proposal_id": proposal_id, "now": utcnow()}
    pooled = autocommit_engine().raw_connection()
    try:
        cursor = pooled.driver_connection.execute(PG_ONE_STATEMENT_VOTE, params, prepare=True)
        return cursor.fetchone()
    except psycopg.IntegrityError as error:
        raise Unsettled from error
    except (psycopg.OperationalError, psycopg.InterfaceError) as error:
        pooled.invalidate()  # the server went away or restarted: reconnect next time
        raise Unsettled from error
    finally:
        pooled.close()
