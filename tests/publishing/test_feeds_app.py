"""The feed routes over a real database: versions, moves, cancellations, 304s."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time

import pytest

from edcamp.extensions import db
from edcamp.publishing import service

from .helpers import add_proposal, publish, vevents
from .test_frab import validate_json, validate_xml


@pytest.fixture
def grid(make_event, make_attendee):
    """An event with three proposals, two rooms and two slots, not yet published."""
    event = make_event(
        slug="edcamp-feeds",
        rooms=[("Library", 30), ("Room 1", 20)],
        slots=[("09:00", "09:50"), ("10:00", "10:50")],
        venue="Lincoln High",
        notes_url_template="https://notes.example.org/{event}/{session}",
    )
    host, _ = make_attendee(event, name="Ada Host", show_name=True)
    proposals = [
        add_proposal(event, host, title, tags=["math"])
        for title in ("Math games", "Podcasts in class", "Grading less")
    ]
    library, room1 = event.rooms
    first, second = event.slots
    return {
        "event": event,
        "proposals": proposals,
        "rooms": (library, room1),
        "slots": (first, second),
        "cells": [
            (proposals[0], library, first),
            (proposals[1], room1, first),
            (proposals[2], library, second),
        ],
    }


def ics(client, path: str, **headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.data
    assert response.mimetype == "text/calendar"
    return response


def test_event_feed_lists_published_sessions_with_room_and_venue(client, grid):
    publish(grid["event"], grid["cells"])

    events = vevents(ics(client, "/events/edcamp-feeds/schedule.ics").data)

    math = grid["proposals"][0]
    assert set(events) == {str(p.id) for p in grid["proposals"]}
    vevent = events[str(math.id)]
    assert vevent["location"] == "Library, Lincoln High"
    assert vevent.decoded("dtstart") == datetime(2026, 6, 13, 13, 0, tzinfo=UTC)
    assert vevent["sequence"] == 0
    assert f"https://notes.example.org/edcamp-feeds/{math.id}" in vevent["description"]
    assert "Ada Host" in vevent["description"]
    assert vevent["url"] == f"https://edcamp.test/events/edcamp-feeds/sessions/{math.id}"


def test_moving_a_session_raises_its_sequence_and_keeps_its_uid(client, grid):
    math, podcasts, grading = grid["proposals"]
    library, room1 = grid["rooms"]
    first, second = grid["slots"]
    publish(grid["event"], grid["cells"])
    before = vevents(ics(client, "/events/edcamp-feeds/schedule.ics").data)

    publish(
        grid["event"], [(math, room1, second), (podcasts, room1, first), (grading, library, second)]
    )
    after = vevents(ics(client, "/events/edcamp-feeds/schedule.ics").data)

    moved = after[str(math.id)]
    assert moved["uid"] == before[str(math.id)]["uid"]
    assert moved["sequence"] == 1
    assert moved["location"].startswith("Room 1")
    assert moved.decoded("dtstart") == datetime(2026, 6, 13, 14, 0, tzinfo=UTC)
    assert after[str(podcasts.id)]["sequence"] == 0


def test_session_taken_off_the_grid_is_cancelled_in_the_event_feed(client, grid):
    math, podcasts, grading = grid["proposals"]
    publish(grid["event"], grid["cells"])
    publish(grid["event"], grid["cells"][1:])

    events = vevents(ics(client, "/events/edcamp-feeds/schedule.ics").data)

    assert events[str(math.id)]["status"] == "CANCELLED"
    assert events[str(math.id)]["sequence"] == 1
    assert events[str(podcasts.id)]["status"] == "CONFIRMED"


def test_room_feed_holds_one_room_and_cancels_what_moved_away(client, grid):
    math, podcasts, grading = grid["proposals"]
    library, room1 = grid["rooms"]
    first, second = grid["slots"]
    publish(grid["event"], grid["cells"])
    publish(
        grid["event"], [(math, room1, second), (podcasts, room1, first), (grading, library, second)]
    )

    feed = "/events/edcamp-feeds/rooms/{}/schedule.ics"
    library_feed = vevents(ics(client, feed.format(library.id)).data)
    room1_feed = vevents(ics(client, feed.format(room1.id)).data)

    assert library_feed[str(math.id)]["status"] == "CANCELLED"
    assert library_feed[str(grading.id)]["status"] == "CONFIRMED"
    assert {k: v["status"] for k, v in room1_feed.items()} == {
        str(math.id): "CONFIRMED",
        str(podcasts.id): "CONFIRMED",
    }


def test_unpublished_event_feed_is_an_empty_calendar(client, grid):
    response = ics(client, "/events/edcamp-feeds/schedule.ics")

    assert vevents(response.data) == {}
    assert b"X-WR-CALNAME:Edcamp Test" in response.data


def test_conditional_requests_get_304(client, grid):
    publish(grid["event"], grid["cells"])
    first = ics(client, "/events/edcamp-feeds/schedule.ics")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]

    by_etag = client.get("/events/edcamp-feeds/schedule.ics", headers={"If-None-Match": etag})
    by_date = client.get(
        "/events/edcamp-feeds/schedule.ics", headers={"If-Modified-Since": modified}
    )
    stale = client.get("/events/edcamp-feeds/schedule.ics", headers={"If-None-Match": '"old"'})

    assert by_etag.status_code == 304
    assert by_etag.data == b""
    assert by_etag.headers["ETag"] == etag
    assert by_date.status_code == 304
    assert stale.status_code == 200
    assert stale.data == first.data


def test_a_new_version_changes_the_etag(client, grid):
    publish(grid["event"], grid["cells"])
    etag = ics(client, "/events/edcamp-feeds/schedule.ics").headers["ETag"]

    publish(grid["event"], grid["cells"][:2])
    response = client.get("/events/edcamp-feeds/schedule.ics", headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert response.headers["ETag"] != etag


def test_editing_a_session_after_publishing_reaches_the_feed(client, grid):
    publish(grid["event"], grid["cells"])
    etag = ics(client, "/events/edcamp-feeds/schedule.ics").headers["ETag"]
    grid["proposals"][0].title = "Math games, revised"
    db.session.commit()

    response = client.get("/events/edcamp-feeds/schedule.ics", headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert b"Math games\\, revised" in response.data


def test_frab_json_and_xml_from_the_database_validate(client, grid):
    publish(grid["event"], grid["cells"])

    as_json = client.get("/events/edcamp-feeds/schedule.json")
    as_xml = client.get("/events/edcamp-feeds/schedule.xml")

    assert as_json.status_code == 200
    assert as_json.mimetype == "application/json"
    assert as_xml.status_code == 200
    assert as_xml.mimetype == "application/xml"
    document = json.loads(as_json.data)
    validate_json(document)
    validate_xml(as_xml.data)
    assert document["schedule"]["conference"]["acronym"] == "edcamp_feeds"
    again = client.get(
        "/events/edcamp-feeds/schedule.json", headers={"If-None-Match": as_json.headers["ETag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/events/edcamp-feeds/schedule.json", 404, "not_published"),
        ("/events/edcamp-feeds/schedule.xml", 404, "not_published"),
        ("/events/nope/schedule.ics", 404, "event_not_found"),
        ("/events/nope/schedule.json", 404, "event_not_found"),
        ("/events/edcamp-feeds/rooms/999999/schedule.ics", 404, "room_not_found"),
        ("/feeds/not-a-token.ics", 404, "not_found"),
        ("/feeds/" + "x" * 300 + ".ics", 404, "not_found"),
        ("/events/edcamp-feeds/sessions/999999/calendar.ics", 404, "not_published"),
    ],
)
def test_bad_feed_requests_get_json_errors(client, grid, path, status, code):
    response = client.get(path)

    assert response.status_code == status
    assert response.get_json()["error"]["code"] == code
    assert response.get_json()["error"]["message"]


def test_room_of_another_event_is_not_found(client, grid, make_event):
    other = make_event(slug="other-event")
    publish(grid["event"], grid["cells"])

    response = client.get(f"/events/edcamp-feeds/rooms/{other.rooms[0].id}/schedule.ics")

    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "room_not_found"


def test_session_calendar_is_one_event(client, grid):
    publish(grid["event"], grid["cells"])
    math = grid["proposals"][0]

    events = vevents(ics(client, f"/events/edcamp-feeds/sessions/{math.id}/calendar.ics").data)
    missing = client.get("/events/edcamp-feeds/sessions/999999/calendar.ics")

    assert list(events) == [str(math.id)]
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "session_not_found"


def test_version_lookup_is_cached_within_its_ttl(app, grid):
    ttl = app.config["EDCAMP_FEED_VERSION_TTL"]
    app.config["EDCAMP_FEED_VERSION_TTL"] = 60
    try:
        before = service.published("edcamp-feeds")
        publish(grid["event"], grid["cells"])  # sends schedule_published: forgets the slug
        after = service.published("edcamp-feeds")
    finally:
        app.config["EDCAMP_FEED_VERSION_TTL"] = ttl
        service.forget()

    assert before.schedule_id is None
    assert after.schedule_id is not None


def test_session_hidden_after_publishing_leaves_the_public_schedule(client, grid):
    math = grid["proposals"][0]
    publish(grid["event"], grid["cells"])
    math.hidden = True
    db.session.commit()

    events = vevents(ics(client, "/events/edcamp-feeds/schedule.ics").data)
    frab = client.get("/events/edcamp-feeds/schedule.json").get_json()
    page = client.get(f"/events/edcamp-feeds/sessions/{math.id}")

    assert events[str(math.id)]["status"] == "CANCELLED"
    assert events[str(math.id)]["sequence"] == 1
    titles = [
        e["title"]
        for d in frab["schedule"]["conference"]["days"]
        for r in d["rooms"].values()
        for e in r
    ]
    assert "Math games" not in titles
    assert page.status_code == 404


def test_slot_times_and_room_names_changed_after_publishing_reach_the_feed(client, grid):
    publish(grid["event"], grid["cells"])
    etag = ics(client, "/events/edcamp-feeds/schedule.ics").headers["ETag"]
    first, _ = grid["slots"]
    library, _ = grid["rooms"]
    first.starts_at, first.ends_at = time(8, 30), time(9, 20)
    library.name = "Media Center"
    db.session.commit()

    response = client.get("/events/edcamp-feeds/schedule.ics", headers={"If-None-Match": etag})

    assert response.status_code == 200
    math = vevents(response.data)[str(grid["proposals"][0].id)]
    assert math.decoded("dtstart") == datetime(2026, 6, 13, 12, 30, tzinfo=UTC)
    assert math["location"] == "Media Center, Lincoln High"
