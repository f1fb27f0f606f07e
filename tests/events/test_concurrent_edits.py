"""Two organizers editing one event at the same moment (PostgreSQL runs requests in parallel;
SQLite serialises writing requests, so there these races cannot happen)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from edcamp.extensions import db
from edcamp.models import Room, Slot
from tests.helpers import bearer


@pytest.fixture
def two_organizers(app, make_organizer, make_event, organizer_token):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writing requests: these races need PostgreSQL")
    first, second = make_organizer(), make_organizer()
    event = make_event(first, rooms=[], slots=[])
    event.organizers.append(second)
    db.session.commit()
    return event, [bearer(organizer_token(first)), bearer(organizer_token(second))]


def _at_once(app, requests):
    """Send each (method, path, json, headers) from its own thread, released together."""
    barrier = threading.Barrier(len(requests))
    statuses: list[int] = []

    def send(method, path, body, headers):
        client = app.test_client()
        barrier.wait()
        statuses.append(client.open(path, method=method, json=body, headers=headers).status_code)

    threads = [threading.Thread(target=send, args=r) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return sorted(statuses)


@pytest.mark.parametrize("attempt", range(3))
def test_same_room_added_twice_at_once_is_one_room_and_a_409(app, two_organizers, attempt):
    event, headers = two_organizers
    path = f"/api/v1/events/{event.slug}/rooms"

    statuses = _at_once(
        app, [("POST", path, {"name": "Library", "capacity": 30}, h) for h in headers]
    )

    assert statuses == [201, 409]
    db.session.rollback()
    assert db.session.scalars(select(Room.name).where(Room.event_id == event.id)).all() == [
        "Library"
    ]


@pytest.mark.parametrize("attempt", range(3))
def test_overlapping_slots_added_at_once_keep_only_one(app, two_organizers, attempt):
    event, headers = two_organizers
    path = f"/api/v1/events/{event.slug}/slots"

    statuses = _at_once(
        app,
        [
            ("POST", path, {"starts_at": "09:00", "ends_at": "10:00"}, headers[0]),
            ("POST", path, {"starts_at": "09:30", "ends_at": "10:30"}, headers[1]),
        ],
    )

    assert statuses == [201, 409]
    db.session.rollback()
    assert db.session.query(Slot).filter_by(event_id=event.id).count() == 1
