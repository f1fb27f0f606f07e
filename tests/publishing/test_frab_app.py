"""The frab feeds served by the app: language, links, persons, read through the API and UI."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.helpers import bearer, error_code

from .helpers import add_proposal, publish
from .test_frab import events_of, validate_json, validate_xml
from .test_frab_clients import confclerk_persons, pyfahrplan_speakers


@pytest.fixture
def setup(make_event, make_organizer, make_attendee, organizer_token):
    organizer = make_organizer()
    event = make_event(organizer, slug="edcamp-frab")
    ada, _ = make_attendee(event, name="Ada Lovelace", show_name=True)
    grace, _ = make_attendee(event, name="Grace Hopper", show_name=True)
    shy, _ = make_attendee(event, name="Shy Person")
    games = add_proposal(
        event, ada, "Math games", description="Play math games. Bring dice and a friend."
    )
    podcasts = add_proposal(event, grace, "Podcasts in class")
    quiet = add_proposal(event, shy, "Quiet rooms")
    library, room1 = event.rooms
    publish(
        event,
        [
            (games, library, event.slots[0]),
            (podcasts, room1, event.slots[0]),
            (quiet, library, event.slots[1]),
        ],
    )
    return {
        "event": event,
        "games": games,
        "podcasts": podcasts,
        "quiet": quiet,
        "attendees": (ada, grace, shy),
        "token": bearer(organizer_token(organizer)),
    }


def _json(client):
    response = client.get("/events/edcamp-frab/schedule.json")
    assert response.status_code == 200
    document = response.get_json()
    validate_json(document)
    return {item["id"]: item for item in events_of(document)}, document


def test_event_language_set_by_api_reaches_both_feeds(client, setup):
    response = client.patch(
        "/api/v1/events/edcamp-frab", json={"language": "pt-br"}, headers=setup["token"]
    )

    assert response.status_code == 200
    assert response.get_json()["language"] == "pt-BR"
    items, _ = _json(client)
    assert {item["language"] for item in items.values()} == {"pt-BR"}
    xml = client.get("/events/edcamp-frab/schedule.xml").data
    validate_xml(xml)
    assert {e.findtext("language") for e in etree.fromstring(xml).iter("event")} == {"pt-BR"}


def test_new_events_default_to_english(client, setup):
    assert client.get("/api/v1/events/edcamp-frab").get_json()["language"] == "en"
    assert {item["language"] for item in _json(client)[0].values()} == {"en"}


@pytest.mark.parametrize("value", ["klingon", "", 42, "en" * 20, "<script>"])
def test_unknown_languages_are_422(client, setup, value):
    response = client.patch(
        "/api/v1/events/edcamp-frab", json={"language": value}, headers=setup["token"]
    )

    assert response.status_code == 422
    assert error_code(response) == "invalid"
    assert client.get("/api/v1/events/edcamp-frab").get_json()["language"] == "en"


def test_session_overrides_language_and_gets_a_video_link(client, setup):
    games = setup["games"].id
    response = client.patch(
        f"/api/v1/events/edcamp-frab/sessions/{games}",
        json={"language": "es", "video_url": "https://video.example.org/games"},
        headers=setup["token"],
    )

    assert response.status_code == 200
    assert response.get_json()["language"] == "es"
    items, _ = _json(client)
    assert items[games]["language"] == "es"
    assert items[setup["podcasts"].id]["language"] == "en"
    assert {"type": "media", "url": "https://video.example.org/games", "title": "Video"} in items[
        games
    ]["links"]
    cleared = client.patch(
        f"/api/v1/events/edcamp-frab/sessions/{games}",
        json={"language": ""},
        headers=setup["token"],
    )
    assert cleared.get_json()["language"] == "en"


@pytest.mark.parametrize(
    "body",
    [
        {"video_url": "javascript:alert(1)"},
        {"language": "xx"},
        {"other": 1},
        {"video_url": 3},
        {"notes_url": "https://pad.example.org/x", "language": "es", "video_url": "ftp://x"},
    ],
)
def test_bad_session_details_are_422_and_change_nothing(client, setup, body):
    games = setup["games"].id
    response = client.patch(
        f"/api/v1/events/edcamp-frab/sessions/{games}", json=body, headers=setup["token"]
    )

    assert response.status_code == 422
    items, _ = _json(client)
    assert items[games]["language"] == "en"
    assert [link["type"] for link in items[games]["links"]] == []


def test_session_details_need_this_events_organizer(client, setup, make_organizer, organizer_token):
    games = setup["games"].id
    stranger = bearer(organizer_token(make_organizer()))

    anonymous = client.patch(f"/api/v1/events/edcamp-frab/sessions/{games}", json={})
    other = client.patch(
        f"/api/v1/events/edcamp-frab/sessions/{games}", json={"language": "es"}, headers=stranger
    )

    assert anonymous.status_code == 401
    assert other.status_code == 403
    assert _json(client)[0][games]["language"] == "en"


def test_persons_are_named_with_opaque_stable_ids(client, setup):
    items, document = _json(client)
    ada, grace, shy = setup["attendees"]

    assert sorted(pyfahrplan_speakers(document)) == ["", "Ada Lovelace", "Grace Hopper"]
    ids = {p["id"] for item in items.values() for p in item["persons"]}
    assert ids.isdisjoint({ada.id, grace.id, shy.id})
    assert items[setup["quiet"].id]["persons"] == []  # did not tick show_name
    kept = confclerk_persons(client.get("/events/edcamp-frab/schedule.xml").data)
    assert kept[str(setup["games"].id)] == [
        (items[setup["games"].id]["persons"][0]["id"], "Ada Lovelace")
    ]
    event = setup["event"]
    publish(event, [(setup["games"], event.rooms[1], event.slots[1])])
    again, _ = _json(client)
    assert again[setup["games"].id]["persons"] == items[setup["games"].id]["persons"]


def test_abstract_and_description_differ_in_the_served_feed(client, setup):
    item = _json(client)[0][setup["games"].id]

    assert item["abstract"] == "Play math games."
    assert item["description"] == "Bring dice and a friend."


def test_organizer_sets_event_language_on_the_event_form(client, setup, login, make_organizer):
    me = make_organizer()
    login(me)
    form = {
        "name": "Edcamp Lyon",
        "slug": "edcamp-lyon",
        "date": "2026-05-09",
        "timezone": "Europe/Paris",
        "votes_per_attendee": "4",
    }

    created = client.post("/events/new", data={**form, "language": "fr"})
    refused = client.post("/events/new", data={**form, "slug": "other", "language": "xx"})

    assert created.status_code == 302
    assert client.get("/api/v1/events/edcamp-lyon").get_json()["language"] == "fr"
    assert refused.status_code == 422
    assert "Not a valid choice" in refused.get_data(as_text=True)


def test_organizer_sets_session_video_and_language_on_the_session_page(
    client, setup, login, make_organizer
):
    organizer = setup["event"].organizers[0]
    login(organizer)
    games = setup["games"].id
    page = client.get(f"/events/edcamp-frab/sessions/{games}").get_data(as_text=True)
    assert 'name="video_url"' in page
    assert 'name="language"' in page

    response = client.post(
        f"/events/edcamp-frab/sessions/{games}/notes-link",
        data={"notes_url": "", "video_url": "https://video.example.org/g", "language": "de"},
    )

    assert response.status_code == 302
    item = _json(client)[0][games]
    assert item["language"] == "de"
    assert item["links"] == [
        {"type": "media", "url": "https://video.example.org/g", "title": "Video"}
    ]
    shown = client.get(f"/events/edcamp-frab/sessions/{games}").get_data(as_text=True)
    assert 'href="https://video.example.org/g"' in shown


def test_proposers_may_say_their_sessions_language(client, setup, make_attendee):
    _me, token = make_attendee(setup["event"], name="Proposer")
    path = "/api/v1/events/edcamp-frab/proposals"

    made = client.post(path, json={"title": "Debate club", "language": "fr"}, headers=bearer(token))
    refused = client.post(path, json={"title": "Other", "language": "tlh"}, headers=bearer(token))

    assert made.status_code == 201
    assert made.get_json()["language"] == "fr"
    assert refused.status_code == 422
    assert error_code(refused) == "invalid"
