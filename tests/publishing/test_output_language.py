"""Which language publishing writes in (#17): calendars and conference files in the event's
language whoever asks; a person's own feed in theirs; what a whole room reads (projector,
printed grid, door signs, the embed) in the event's language unless ``?lang=`` asks.

A pseudo-translation of every marked message stands in for German (tests/catalogs.py), so
the tests need no translator: a pseudo text on the output is a translated text.
"""

from __future__ import annotations

import json
from html import escape

import icalendar
import pytest

from edcamp.extensions import db
from edcamp.publishing.personal import set_star
from edcamp.publishing.snippet import embed_snippet
from tests.catalogs import pseudo, pseudo_catalog

from .helpers import add_proposal, publish, vevents

ENGLISH = {"Accept-Language": "en"}


@pytest.fixture
def german_app(make_app, tmp_path):
    return make_app(BABEL_TRANSLATION_DIRECTORIES=str(pseudo_catalog(tmp_path, "de")))


def _event(make_event, make_attendee, *, language: str):
    event = make_event(
        slug=f"edcamp-lang-{language}",
        language=language,
        venue="Lincoln High",
        notes_url_template="https://notes.example.org/{event}/{session}",
    )
    host, _ = make_attendee(event, name="Ada Host", show_name=True)
    proposal = add_proposal(event, host, "Math games", tags=["math"])
    library = event.rooms[0]
    publish(event, [(proposal, library, event.slots[0])])
    return event, host, proposal


def test_event_calendars_and_conference_files_are_in_the_events_language(
    german_app, make_event, make_attendee
):
    event, _host, proposal = _event(make_event, make_attendee, language="de")
    client = german_app.test_client()
    client.set_cookie("lang", "en")  # the subscriber's own choice does not count here
    for path in (
        f"/events/{event.slug}/schedule.ics",
        f"/events/{event.slug}/rooms/{event.rooms[0].id}/schedule.ics",
        f"/events/{event.slug}/sessions/{proposal.id}/calendar.ics",
    ):
        response = client.get(path, headers=ENGLISH)
        assert response.status_code == 200, path
        description = str(vevents(response.data)[str(proposal.id)]["description"])
        assert pseudo("Facilitators: %(names)s") % {"names": "Ada Host"} in description, path
        assert "Facilitators:" not in description, path
    calendar = icalendar.Calendar.from_ical(client.get(f"/events/{event.slug}/schedule.ics").data)
    assert str(calendar["x-wr-caldesc"]) == pseudo("Sessions of %(event)s at %(venue)s") % {
        "event": "Edcamp Test",
        "venue": "Lincoln High",
    }
    frab = json.loads(client.get(f"/events/{event.slug}/schedule.json", headers=ENGLISH).data)
    (room,) = [r for r in frab["schedule"]["conference"]["days"][0]["rooms"].values() if r]
    assert room[0]["links"][0]["title"] == pseudo("Shared notes")
    assert room[0]["links"][0]["type"] == "web"  # machine fields stay as the format says


def test_an_english_event_feed_stays_english_for_a_german_browser(
    german_app, make_event, make_attendee
):
    event, _host, proposal = _event(make_event, make_attendee, language="en")
    response = german_app.test_client().get(
        f"/events/{event.slug}/schedule.ics?lang=de", headers={"Accept-Language": "de"}
    )
    description = str(vevents(response.data)[str(proposal.id)]["description"])
    assert "Facilitators: Ada Host" in description


@pytest.mark.parametrize(("chosen", "english"), [(None, False), ("en", True)])
def test_a_personal_feed_is_in_its_owners_language(
    german_app, make_event, make_attendee, chosen, english
):
    event, host, proposal = _event(make_event, make_attendee, language="de")
    host.language = chosen
    set_star(host, proposal.id, True)
    db.session.commit()
    response = german_app.test_client().get(
        f"/feeds/{host.feed_token}.ics", headers={"Accept-Language": "de" if english else "en"}
    )
    calendar = icalendar.Calendar.from_ical(response.data)
    name = "%(name)s's sessions · %(event)s"
    expected = name if english else pseudo(name)
    assert str(calendar["x-wr-calname"]) == expected % {"name": "Ada Host", "event": "Edcamp Test"}
    description = str(vevents(response.data)[str(proposal.id)]["description"])
    assert ("Session page:" in description) is english


ROOM_PAGES = {
    "/now": "Room",
    "/now/rows": "Room",
    "/schedule/print": "Time",
    "/door-signs": "Scan to check in",
    "/embed": "Full schedule and calendar feeds",
}


@pytest.mark.parametrize("path", list(ROOM_PAGES))
def test_what_a_room_reads_is_in_the_events_language_unless_asked(
    german_app, make_event, make_attendee, path
):
    event, _host, _proposal = _event(make_event, make_attendee, language="de")
    client = german_app.test_client()
    word = pseudo(ROOM_PAGES[path])
    page = client.get(f"/events/{event.slug}{path}", headers=ENGLISH).get_data(as_text=True)
    assert word in page
    asked = client.get(f"/events/{event.slug}{path}?lang=en", headers={"Accept-Language": "de"})
    assert word not in asked.get_data(as_text=True)
    assert ROOM_PAGES[path] in asked.get_data(as_text=True)


def test_a_phone_page_follows_the_readers_language(german_app, make_event, make_attendee):
    event, _host, _proposal = _event(make_event, make_attendee, language="de")
    client = german_app.test_client()
    page = client.get(f"/events/{event.slug}/schedule", headers=ENGLISH).get_data(as_text=True)
    assert "Subscribe to the whole schedule" in page
    page = client.get(f"/events/{event.slug}/schedule").get_data(as_text=True)
    assert pseudo("Subscribe to the whole schedule") in page  # no preference: the event's


def test_the_embed_snippet_names_the_schedule_in_the_events_language(
    german_app, make_event, make_attendee
):
    """It goes on the Edcamp's website: not in the language of the organizer copying it."""
    event, _host, _proposal = _event(make_event, make_attendee, language="de")
    with german_app.test_request_context("/", headers=ENGLISH):
        snippet = embed_snippet(event.slug, event.name)
    title = pseudo("Schedule of %(event)s") % {"event": "Edcamp Test"}
    assert f'title="{escape(title)}"' in snippet
