"""The Alembic migrations build a fresh database that matches the models exactly."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from edcamp import create_app
from edcamp.extensions import db

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


@pytest.fixture
def fresh_database_url(database_url, tmp_path):
    """An empty database of the suite's kind: a new SQLite file, or a new PostgreSQL db."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'fresh.sqlite'}"
        return
    name = f"edcamp_migrations_{uuid.uuid4().hex[:8]}"
    server = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(database_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


def test_migrations_have_a_single_head():
    script = ScriptDirectory(str(MIGRATIONS))
    assert len(script.get_heads()) == 1, script.get_heads()


def test_upgrade_builds_a_database_matching_the_models(fresh_database_url):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": fresh_database_url, "SECRET_KEY": "x", "TESTING": True}
    )
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))
        with db.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": False}
            )
            differences = compare_metadata(context, db.metadata)
            tables = set(inspect(conn).get_table_names())
        db.engine.dispose()
    assert differences == []
    assert {"events", "attendees", "proposals", "votes", "schedules"} <= tables
