"""Break slots ("Lunch") in the event's calendar feed: shown as what they are."""

from __future__ import annotations

from datetime import time

import icalendar

from edcamp.events.rooms_and_slots import add_slot
from edcamp.extensions import db

from .helpers import add_proposal, publish


def test_the_event_feed_carries_a_break_as_free_time_named_by_its_label(
    client, make_event, make_attendee
):
    event = make_event(slug="breaks", rooms=[("Library", 30)], slots=[("09:00", "09:50")])
    lunch = add_slot(event, time(12, 0), time(12, 45), "Lunch")
    db.session.commit()
    host, _ = make_attendee(event, name="Ada")
    session = add_proposal(event, host, "Math games")
    publish(event, [(session, event.rooms[0], event.slots[0])])

    body = client.get("/events/breaks/schedule.ics").data

    events = icalendar.Calendar.from_ical(body).walk("VEVENT")
    breaks = [e for e in events if str(e["summary"]) == "Lunch"]
    assert len(breaks) == 1
    assert str(breaks[0]["transp"]) == "TRANSPARENT"
    assert breaks[0].decoded("dtstart").time() == time(12, 0)
    assert str(breaks[0]["uid"]).startswith(f"breaks-break-{lunch.id}@")
    assert [str(e["summary"]) for e in events if e is not breaks[0]] == ["Math games"]


def test_the_conference_feeds_carry_a_break_as_one_break_event(client, make_event, make_attendee):
    event = make_event(slug="frabbreak", rooms=[("Library", 30)], slots=[("09:00", "09:50")])
    add_slot(event, time(12, 0), time(12, 45), "Lunch")
    db.session.commit()
    host, _ = make_attendee(event, name="Ada")
    publish(event, [(add_proposal(event, host, "Math games"), event.rooms[0], event.slots[0])])

    document = client.get("/events/frabbreak/schedule.json").get_json()
    xml = client.get("/events/frabbreak/schedule.xml").data

    (day,) = document["schedule"]["conference"]["days"]
    assert [(e["title"], e["type"]) for e in day["rooms"]["Library"]] == [
        ("Math games", "discussion")
    ]
    assert [(e["title"], e["type"], e["start"]) for e in day["rooms"]["All rooms"]] == [
        ("Lunch", "break", "12:00")
    ]
    assert b"<title>Lunch</title>" in xml
    assert b"<type>break</type>" in xml
