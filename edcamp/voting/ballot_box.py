"""The vote's hot path in driver-level SQL.

Every phone's tap lands here, all day long. Through SQLAlchemy (ORM or Core
alike) each statement costs about 0.2 ms of Python before the database sees
it; sent straight to the driver, the six statements of a vote cost about as
much together. So these few statements are plain SQL, written once with ``?``
placeholders and rewritten for drivers that use ``%s`` (psycopg). They run in
the current ``edcamp.database.direct_transaction`` (SQLite's votes), or else
on the session's own connection and transaction, so the session's commit and
rollback cover them. (PostgreSQL's one-statement vote is ``pg_votes``.) The
rules around them live in ``edcamp.voting.service``.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from edcamp.database import direct_cursor
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


# A vote's context, by bearer token or by attendee id (a phone's session): the event's row,
# the attendee if they are this event's and not deleted, and the proposal, in one query.
_CONTEXT = (
    "SELECT e.id, e.slug, e.voting, e.voting_closes_at, e.votes_per_attendee,"
    " e.show_counts, a.id, p.event_id, p.hidden FROM events e"
    " LEFT JOIN attendees a ON a.event_id = e.id AND a.{key} = ? AND a.deleted_at IS NULL"
    " LEFT JOIN proposals p ON p.id = ?"
    " WHERE e.slug = ?"
)
_CONTEXT_BY_TOKEN = _CONTEXT.format(key="token_hash")
_CONTEXT_BY_ID = _CONTEXT.format(key="id")


def vote_context(
    slug: str, proposal_id: int, *, token_hash: str | None, attendee_id: int | None
) -> tuple | None:
    """The event's row (as ``event_row``), the voter's attendee id (or None: nobody of this
    event) and the proposal's (event_id, hidden) (or None), in one query; None when there
    is no such event. The voter is named by ``token_hash`` or else ``attendee_id``."""
    if token_hash is not None:
        row = run(_CONTEXT_BY_TOKEN, token_hash, proposal_id, slug).fetchone()
    else:
        row = run(_CONTEXT_BY_ID, attendee_id or 0, proposal_id, slug).fetchone()
    if row is None:
        return None
    event = (row[0], row[1], row[2], _datetime(row[3]), row[4], bool(row[5]))
    proposal = (row[7], bool(row[8])) if row[7] is not None else None
    return event, row[6], proposal


def token_rotated(attendee_id: int) -> bool:
    """Whether this attendee's token was ever rotated (a phone's claim from before claims
    carried the token hash then names nobody)."""
    row = run("SELECT token_rotated_at FROM attendees WHERE id = ?", attendee_id).fetchone()
    return row is not None and row[0] is not None


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
