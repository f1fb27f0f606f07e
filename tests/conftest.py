"""Fixtures: one app and schema per test run, emptied after every test.

The database is SQLite in a temporary folder, or the server named by ``DATABASE_URL``
(PostgreSQL in CI); ``REDIS_URL`` switches live updates to Redis. Tables are emptied rather
than rolled back, so tests that run a live server in a thread see committed data.
"""

from __future__ import annotations

import itertools
import os
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from edcamp import create_app
from edcamp.accounts.service import create_organizer, issue_token
from edcamp.attendees.service import Profile, join_event
from edcamp.events.rooms_and_slots import add_room, add_slot
from edcamp.events.service import EventDetails, create_event
from edcamp.extensions import db, limiter
from edcamp.live.extension import get_broker
from tests.helpers import TEST_PASSWORD
from tests.smtp_server import SmtpServer

_counter = itertools.count(1)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1)
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@pytest.fixture(scope="session")
def test_config(database_url, tmp_path_factory) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "EDCAMP_BASE_URL": "https://edcamp.test",
        # Tests deliver the outbox by calling the sender (or start it themselves).
        "MAIL_SENDER_THREAD": False,
        # Send every live update at once, in the request that made it: tests read them
        # right after.
        "LIVE_MIN_INTERVAL": 0.0,
        # A publish shows at once everywhere (no worker trusts an older version for a while).
        "EDCAMP_FEED_VERSION_TTL": 0.0,
        "EMAIL_TEST_DOMAINS": True,  # test addresses use the reserved .test domain
    }


@pytest.fixture(scope="session")
def _app(test_config):
    app = create_app(test_config)
    with app.app_context():
        db.drop_all()
        db.create_all()  # tests only: real deployments run the Alembic migrations
    yield app
    with app.app_context():
        db.engine.dispose()


DEADLOCK = "40P01"  # PostgreSQL's SQLSTATE for a deadlock it broke by cancelling one side


def _empty_tables() -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name != "postgresql":
        for name in tables:
            db.session.execute(text(f"DELETE FROM {name}"))
        db.session.commit()
        return
    # A request the browser left running in a live server can hold some of these tables
    # while it waits for one the TRUNCATE holds: PostgreSQL then cancels one side. That
    # request ends on its own, so truncate again.
    for attempt in range(5):
        try:
            db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            db.session.commit()
            return
        except OperationalError as error:
            db.session.rollback()
            if getattr(error.orig, "sqlstate", None) != DEADLOCK or attempt == 4:
                raise
            time.sleep(0.2)


@pytest.fixture
def app(_app):
    with _app.app_context():
        yield _app
        db.session.rollback()
        db.session.remove()
        _empty_tables()
        get_broker().hub.forget()  # boards held for streams still closing describe old rows
        limiter.reset()


@pytest.fixture
def make_app(test_config, app):
    """Another app on the same database, with some settings changed (e.g. CSRF on)."""

    apps = []

    def factory(**overrides):
        apps.append(create_app({**test_config, **overrides}))
        return apps[-1]

    yield factory
    # Flask-SQLAlchemy binds a session to the engine of the app that is current, so an
    # object of this test's session touched inside another app's context (an expired
    # attribute refreshed there) holds one of that app's connections: give it back first,
    # or disposing that engine leaves it open (a ResourceWarning in some later test).
    db.session.remove()
    for other in apps:
        with other.app_context():
            db.engine.dispose()
    if apps:
        # Flask-Limiter keeps one storage per Limiter object, not per app: give it back.
        limiter.init_app(app)


@pytest.fixture
def smtp_server(app, monkeypatch):
    """A real SMTP server (aiosmtpd) the app mails to; ``.inbox.messages`` is what it got."""
    server = SmtpServer().start()
    monkeypatch.setitem(app.config, "MAIL_URL", server.url())
    monkeypatch.setitem(app.config, "MAIL_FROM", "Edcamp Test <edcamp@edcamp.test>")
    yield server
    server.stop()


@pytest.fixture
def deliver(app):
    """Run the sender once over everything due; the number of mails it tried."""
    from edcamp.mail.sender import deliver_due

    def run() -> int:
        tried = 0
        while batch := deliver_due():
            tried += batch
        return tried

    return run


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


# Factories -----------------------------------------------------------------------------


@pytest.fixture
def make_organizer(app):
    def factory(email: str | None = None, password: str = TEST_PASSWORD, name: str = ""):
        organizer = create_organizer(
            email or f"organizer{next(_counter)}@school.test", password, name=name
        )
        db.session.commit()
        return organizer

    return factory


@pytest.fixture
def make_event(app, make_organizer):
    def factory(
        organizer=None,
        *,
        slug: str | None = None,
        rooms: list[tuple[str, int]] | None = None,
        slots: list[tuple[str, str]] | None = None,
        **details,
    ):
        organizer = organizer or make_organizer()
        details.setdefault("name", "Edcamp Test")
        details.setdefault("date", __import__("datetime").date(2026, 6, 13))
        details.setdefault("timezone", "America/New_York")
        event = create_event(
            slug or f"edcamp-{next(_counter)}", EventDetails(**details), by=organizer
        )
        for name, capacity in rooms if rooms is not None else [("Library", 30), ("Room 1", 20)]:
            add_room(event, name, capacity)
        for start, end in slots if slots is not None else [("09:00", "09:50"), ("10:00", "10:50")]:
            add_slot(event, start, end)
        db.session.commit()
        return event

    return factory


@pytest.fixture
def make_attendee(app):
    """Join an event; returns (attendee, attendee_token)."""

    def factory(event, name: str | None = None, **profile):
        profile.setdefault("name", name or f"Attendee {next(_counter)}")
        attendee, token = join_event(event, event.join_code, Profile(**profile))
        db.session.commit()
        return attendee, token

    return factory


@pytest.fixture
def organizer_token(app):
    def factory(organizer) -> str:
        token = issue_token(organizer)
        db.session.commit()
        return token

    return factory


@pytest.fixture
def login(client):
    """Sign a test client in as an organizer through the real login form."""

    def do_login(organizer, password: str = TEST_PASSWORD, target=client):
        response = target.post("/login", data={"email": organizer.email, "password": password})
        assert response.status_code == 302, response.data
        return target

    return do_login


@pytest.fixture
def join_as(client):
    """Join an event through the real join page, so the client is remembered as an attendee."""

    def do_join(event, name: str = "Pat Teacher", target=client, **fields):
        response = target.post(
            f"/events/{event.slug}/join", data={"code": event.join_code, "name": name, **fields}
        )
        assert response.status_code == 302, response.data
        return target

    return do_join
