"""What calendar apps read from our feeds besides times: tags, links and the feed's name,
read with icalendar, vobject and Mozilla ical.js (Thunderbird's parser)."""

from __future__ import annotations

from dataclasses import replace

import icalendar
import pytest
import vobject

from edcamp.publishing.ical import build_calendar, session_uid
from edcamp.voting.service import cast_vote

from .factories import make_schedule
from .helpers import add_proposal, publish
from .test_ical import icaljs

VIDEO = "https://video.example.org/v/1"


@pytest.fixture
def feed_bytes():
    schedule = make_schedule(rooms=1)
    first = replace(schedule.sessions[0], video_url=VIDEO)
    schedule = replace(schedule, sessions=(first, *schedule.sessions[1:]))
    return schedule, build_calendar(schedule.event, schedule.sessions, stamp=schedule.published_at)


def test_tags_url_and_links_in_icalendar_and_vobject(feed_bytes):
    schedule, data = feed_bytes
    session = schedule.sessions[0]
    uid = session_uid(schedule.event, session)

    vevent = next(e for e in icalendar.Calendar.from_ical(data).walk("VEVENT") if e["uid"] == uid)
    card = next(e for e in vobject.readOne(data.decode()).vevent_list if e.uid.value == uid)

    assert [str(c) for c in vevent["categories"].cats] == ["math", "k-5"]
    assert vevent["url"] == session.url
    assert [str(a) for a in vevent.get("attach")] == [session.notes_url, VIDEO]
    assert card.categories.value == ["math", "k-5"]
    assert card.url.value == session.url
    assert f"Notes: {session.notes_url}" in card.description.value
    assert f"Video: {VIDEO}" in card.description.value


def test_tags_url_and_links_in_ical_js(feed_bytes):
    schedule, data = feed_bytes
    session = schedule.sessions[0]

    first = next(e for e in icaljs(data) if e["uid"] == session_uid(schedule.event, session))

    assert first["categories"] == ["math", "k-5"]
    assert first["url"] == session.url
    assert first["attach"] == [session.notes_url, VIDEO]


@pytest.fixture
def served(make_event, make_attendee):
    event = make_event(slug="edcamp-cal", name="Edcamp Cal")
    host, _ = make_attendee(event, name="Host")
    me, _ = make_attendee(event, name="Zoë O'Brien-Núñez")
    talk = add_proposal(event, host, "Math games", tags=["math", "games"])
    library, _ = event.rooms
    publish(event, [(talk, library, event.slots[0])])
    cast_vote(event, me, talk.id)
    return event, me, library


def test_personal_feed_says_whose_it_is(client, served):
    _event, me, _library = served

    data = client.get(f"/feeds/{me.feed_token}.ics").data

    name = "Zoë O'Brien-Núñez's sessions · Edcamp Cal"
    assert icalendar.Calendar.from_ical(data)["x-wr-calname"] == name
    assert vobject.readOne(data.decode()).x_wr_calname.value == name
    assert icaljs(data)[0]["calname"] == name


def test_room_feed_is_named_after_the_room(client, served):
    event, _me, library = served

    data = client.get(f"/events/{event.slug}/rooms/{library.id}/schedule.ics").data

    assert icalendar.Calendar.from_ical(data)["x-wr-calname"] == "Library · Edcamp Cal"
    assert icaljs(data)[0]["categories"] == ["math", "games"]
