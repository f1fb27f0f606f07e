"""Every event has its draft grid from the start, so reading the draft never writes."""

from __future__ import annotations

import contextlib
from datetime import date

from flask_migrate import downgrade, upgrade
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import func, select

from edcamp import create_app
from edcamp.extensions import db
from edcamp.models import Event, Schedule
from tests.helpers import bearer
from tests.test_migrations import MIGRATIONS, fresh_database_url  # noqa: F401 (a fixture)

WRITES = ("INSERT", "UPDATE", "DELETE")
BEFORE_DRAFTS = "b7e2d4c91f03"  # the revision before every event had its draft


@contextlib.contextmanager
def recorded_writes():
    """Every INSERT, UPDATE or DELETE sent to the database inside the block."""
    writes: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith(WRITES):
            writes.append(statement)

    engine = db.engine
    sqlalchemy_event.listen(engine, "before_cursor_execute", record)
    try:
        yield writes
    finally:
        sqlalchemy_event.remove(engine, "before_cursor_execute", record)


def drafts_of(event_id: int) -> list[Schedule]:
    db.session.rollback()  # see what the requests committed
    return list(
        db.session.scalars(
            select(Schedule).where(Schedule.event_id == event_id, Schedule.version.is_(None))
        )
    )


def test_a_new_event_has_its_empty_draft(client, make_organizer, organizer_token):
    token = organizer_token(make_organizer())
    body = {"slug": "edcamp-drafted", "name": "Drafted", "date": "2026-06-13", "timezone": "UTC"}

    created = client.post("/api/v1/events", json=body, headers=bearer(token))

    assert created.status_code == 201, created.get_json()
    event_id = db.session.scalar(select(Event.id).where(Event.slug == "edcamp-drafted"))
    drafts = drafts_of(event_id)
    assert len(drafts) == 1
    assert drafts[0].entries == []


def test_reading_the_draft_writes_nothing(client, make_event, make_organizer, login):
    organizer = make_organizer()
    event = make_event(organizer)
    login(organizer)
    slug, event_id = event.slug, event.id
    db.session.commit()

    with recorded_writes() as writes:
        editor = client.get(f"/events/{slug}/schedule/edit")
        draft = client.get(f"/api/v1/events/{slug}/schedule?draft=1")

    assert editor.status_code == 200
    assert draft.status_code == 200
    assert draft.get_json()["assignments"] == []
    assert writes == []
    assert len(drafts_of(event_id)) == 1


def test_the_migration_gives_older_events_their_draft(fresh_database_url):  # noqa: F811
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": fresh_database_url, "SECRET_KEY": "x", "TESTING": True}
    )
    with app.app_context():
        upgrade(directory=str(MIGRATIONS))
        # An event as the code before this migration left it: no draft yet.
        older = Event(slug="older", name="Older", date=date(2026, 6, 13), timezone="UTC")
        db.session.add(older)
        older.join_code = "ABCDEF"
        db.session.commit()
        downgrade(directory=str(MIGRATIONS), revision=BEFORE_DRAFTS)
        upgrade(directory=str(MIGRATIONS))
        upgrade(directory=str(MIGRATIONS))  # (again: a no-op)
        drafts = db.session.scalar(
            select(func.count())
            .select_from(Schedule)
            .where(Schedule.event_id == older.id, Schedule.version.is_(None))
        )
        db.session.remove()
        db.engine.dispose()
    assert drafts == 1
