"""The feeds follow the scheduling service's real draft and publish."""

from __future__ import annotations

from datetime import UTC, datetime

from edcamp.extensions import db
from edcamp.scheduling import service as scheduling
from edcamp.scheduling.versions import publish as publish_version
from edcamp.signals import schedule_published

from .helpers import add_proposal, vevents


def publish(event) -> None:
    schedule = publish_version(event)
    db.session.commit()
    schedule_published.send(event, version=schedule.version)


def test_move_in_the_editor_then_publish_raises_sequence(client, make_event, make_attendee):
    event = make_event(slug="edcamp-real-publish")
    ada, _ = make_attendee(event, name="Ada")
    grace, _ = make_attendee(event, name="Grace")
    math = add_proposal(event, ada, "Math games")
    art = add_proposal(event, grace, "Art and data")
    library, room1 = event.rooms
    first, second = event.slots
    scheduling.move(event, math.id, library.id, first.id)
    scheduling.move(event, art.id, room1.id, first.id)
    db.session.commit()
    publish(event)
    before = vevents(client.get(f"/events/{event.slug}/schedule.ics").data)

    scheduling.move(event, math.id, room1.id, second.id)
    scheduling.take_off(event, art.id)
    db.session.commit()
    publish(event)
    after = vevents(client.get(f"/events/{event.slug}/schedule.ics").data)

    assert before[str(math.id)]["sequence"] == 0
    assert after[str(math.id)]["sequence"] == 1
    assert after[str(math.id)].decoded("dtstart") == datetime(2026, 6, 13, 14, 0, tzinfo=UTC)
    assert after[str(math.id)]["location"] == "Room 1"
    assert after[str(art.id)]["status"] == "CANCELLED"
    assert after[str(art.id)]["sequence"] > before[str(art.id)]["sequence"]
