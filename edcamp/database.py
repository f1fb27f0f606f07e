"""Database set-up details that differ between SQLite and PostgreSQL."""

from __future__ import annotations

import time

from flask import Flask, current_app, has_request_context, request
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from edcamp.extensions import db

BUSY_TIMEOUT_S = 10.0
_AUTOCOMMIT_ENGINE = "edcamp.autocommit_engine"


def init_db(app: Flask) -> None:
    db.init_app(app)
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    with app.app_context():
        if uri.startswith("sqlite"):
            _tune_sqlite(db.engine)
        elif uri.startswith("postgresql"):
            app.extensions[_AUTOCOMMIT_ENGINE] = _autocommit_twin(
                db.engine, app.config["AUTOCOMMIT_POOL_SIZE"]
            )


def autocommit_engine(app: Flask | None = None) -> Engine | None:
    """PostgreSQL's pool of autocommitted connections (see ``_autocommit_twin``); None on
    SQLite."""
    return (app or current_app).extensions.get(_AUTOCOMMIT_ENGINE)


def _autocommit_twin(engine: Engine, pool_size: int) -> Engine:
    """A second, small pool on the same database whose connections stay in autocommit,
    for a statement that is a whole transaction by itself (the vote). Through the main
    pool the same statement also pays a pre-ping round trip and switching autocommit on
    and back off at every checkout. No pre-ping here: its caller treats a dropped
    connection by invalidating it and taking the main pool's path. Requests beyond
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
    # This pool runs a few prepared statements whose plan does not depend on their values:
    # plan each once, not on every run (PostgreSQL's default re-plans the first runs, and
    # keeps doing so when the generic plan's estimate looks worse).
    dbapi_connection.execute("SET plan_cache_mode = force_generic_plan")
    dbapi_connection.commit()


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
        if has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS"):
            _begin_immediate(conn)
        else:
            _busy_timeout(conn, int(BUSY_TIMEOUT_S * 1000))
            conn.exec_driver_sql("BEGIN")


def _begin_immediate(conn) -> None:
    """BEGIN IMMEDIATE, waiting for the write lock in Python rather than in SQLite's busy
    handler: that one sleeps inside C, which under gunicorn's gevent workers freezes every
    request of the worker (and lets another worker starve it until "database is locked").
    ``time.sleep`` yields to the worker's other greenlets."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    delay = 0.0002
    _busy_timeout(conn, 0)
    while True:
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.005)


def _busy_timeout(conn, milliseconds: int) -> None:
    """Set the connection's busy timeout, only when it changes (one PRAGMA saved per
    transaction on a connection that keeps serving writes, or reads)."""
    if conn.info.get("busy_timeout_ms") != milliseconds:
        conn.exec_driver_sql(f"PRAGMA busy_timeout={milliseconds}")
        conn.info["busy_timeout_ms"] = milliseconds
