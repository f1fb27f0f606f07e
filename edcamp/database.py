"""Database set-up details that differ between SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from typing import Any

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import PoolProxiedConnection

from edcamp.extensions import db

BUSY_TIMEOUT_S = 10.0
_direct: ContextVar[Any] = ContextVar("direct_transaction", default=None)


def init_db(app: Flask) -> None:
    db.init_app(app)
    # Registered after Flask-SQLAlchemy's: teardown functions run in reverse order, so this
    # one ends the session first.
    app.teardown_appcontext(_end_session)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            _tune_sqlite(db.engine)


def _end_session(_error: BaseException | None) -> None:
    """End the request's session even if its connection died (the database restarted under
    it): the rollback then fails, and an error from a teardown would turn the answer
    already made (a 503, or even a 200 for a vote committed just before) into a 500."""
    try:
        db.session.remove()
    except SQLAlchemyError:
        with suppress(Exception):
            db.session.invalidate()  # drop the dead connection without a rollback
        db.session.registry.clear()


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Enforce foreign keys; WAL lets the board read while phones write; wait for the
        # write lock instead of failing when many phones vote at once.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINTs; emit our
        # own. Writes take the lock up front (IMMEDIATE), so read-then-write races such as
        # vote limits wait their turn instead of failing with "database is locked" half-way;
        # reads (GET) and work outside requests (CLI, tests) stay deferred, so boards and
        # feeds never queue behind votes.
        if _direct.get() is not None:
            # It would wait for the write lock its own request holds, until the timeout.
            raise RuntimeError("the ORM session was used inside a direct_transaction")
        if has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS"):
            begin_immediate(conn.connection)
        else:
            _busy_timeout(conn.connection, int(BUSY_TIMEOUT_S * 1000))
            conn.connection.dbapi_connection.execute("BEGIN")


class SessionBusy(Exception):
    """The request's session holds a transaction: a second one would wait for its lock."""


@contextmanager
def direct_transaction() -> Iterator[None]:
    """SQLite: a write transaction of its own on a pooled connection, outside the ORM
    session; ``direct_cursor()`` is its cursor until the block ends (the vote's statements
    in ``edcamp.voting.ballot_box`` go to it). It commits when the block ends
    and rolls back when it raises. The ORM session's begin and commit cost more than a
    vote's statements; BEGIN IMMEDIATE still makes writers take turns (no race to settle).
    Raises ``SessionBusy`` when the session already holds a transaction (on SQLite that
    one may hold the write lock this one would wait for)."""
    if db.session.registry.has() and db.session().in_transaction():
        raise SessionBusy
    pooled = db.engine.raw_connection()
    try:
        begin_immediate(pooled)
        token = _direct.set(pooled.dbapi_connection.cursor())
        try:
            yield
        except BaseException:
            pooled.dbapi_connection.rollback()
            raise
        finally:
            _direct.reset(token)
        pooled.dbapi_connection.commit()
    finally:
        pooled.close()


def direct_cursor():
    """The cursor of the ``direct_transaction`` this code runs in, or None."""
    return _direct.get()


def begin_immediate(pooled: PoolProxiedConnection) -> None:
    """BEGIN IMMEDIATE on a pooled SQLite connection, waiting for the write lock in Python
    rather than in SQLite's busy handler: that one sleeps inside C, which under gunicorn's
    gevent workers freezes every request of the worker (and lets another worker starve it
    until "database is locked"). ``time.sleep`` yields to the worker's other greenlets."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    delay = 0.0002
    _busy_timeout(pooled, 0)
    while True:
        try:
            pooled.dbapi_connection.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.005)


def _busy_timeout(pooled: PoolProxiedConnection, milliseconds: int) -> None:
    """Set the connection's busy timeout, only when it changes (one PRAGMA saved per
    transaction on a connection that keeps serving writes, or reads)."""
    if pooled.info.get("busy_timeout_ms") != milliseconds:
        pooled.dbapi_connection.execute(f"PRAGMA busy_timeout={milliseconds}")
        pooled.info["busy_timeout_ms"] = milliseconds
