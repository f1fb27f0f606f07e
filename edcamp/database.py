"""Database set-up details that differ between SQLite and PostgreSQL."""

from __future__ import annotations

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from edcamp.extensions import db


def init_db(app: Flask) -> None:
    db.init_app(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        with app.app_context():
            _tune_sqlite(db.engine)


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
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # pysqlite's own transaction handling defers BEGIN and breaks SAVEPOINTs; emit our
        # own. Writes take the lock up front (IMMEDIATE), so read-then-write races such as
        # vote limits wait their turn instead of failing with "database is locked" half-way;
        # reads (GET) and work outside requests (CLI, tests) stay deferred, so boards and
        # feeds never queue behind votes.
        if has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS"):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")
