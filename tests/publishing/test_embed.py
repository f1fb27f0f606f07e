"""The embeddable schedule: what it shows, its filters and themes, and that any site may frame
it (the browser test in tests/browser/test_embed.py frames it from another origin)."""

from __future__ import annotations

import html
import re

import pytest
from lxml import html as lxml_html

from .helpers import add_proposal, publish


@pytest.fixture
def grid(make_event, make_attendee):
    # Held in Italian, a language edcamp has no catalog for: the embed's own words fall back
    # to English, while the event's texts keep their language (test_output_language.py has
    # the embed in an event language that has a catalog).
    event = make_event(slug="edcamp-embed", name="Edcamp Embed", language="it")
    ada, _ = make_attendee(event, name="Ada Lovelace", show_name=True)
    shy, _ = make_attendee(event, name="Shy Person")
    games = add_proposal(event, ada, "Math games", tags=["math"])
    podcasts = add_proposal(event, shy, "Podcasts", tags=["media"], language="es")
    grading = add_proposal(event, ada, "Grading less", tags=["assessment", "math"])
    library, room1 = event.rooms
    first, second = event.slots
    publish(event, [(games, library, first), (podcasts, room1, first), (grading, room1, second)])
    return {"event": event, "rooms": (library, room1), "titles": ("Math games", "Podcasts")}


def titles(response) -> list[str]:
    tree = lxml_html.fromstring(response.data)
    return [a.text_content() for a in tree.xpath("//a[contains(@class, 'embed-title')]")]


def test_embed_lists_the_published_sessions_with_public_names_only(client, grid):
    response = client.get("/events/edcamp-embed/embed")

    assert response.status_code == 200
    assert titles(response) == ["Math games", "Podcasts", "Grading less"]
    page = html.unescape(response.get_data(as_text=True))
    assert "Ada Lovelace" in page
    assert "Shy Person" not in page
    assert "a participant" in page
    tree = lxml_html.fromstring(response.data)
    assert tree.get("lang") == "en"  # the page's own words
    assert tree.xpath("//h1/@lang") == ["it"]
    langs = {a.text_content(): a.get("lang") for a in tree.xpath("//a[@class='embed-title']")}
    assert langs == {"Math games": "it", "Podcasts": "es", "Grading less": "it"}


def test_any_site_may_frame_the_embed_and_nothing_runs_inline(client, grid):
    response = client.get("/events/edcamp-embed/embed")

    # The app-wide policy (edcamp.security), with frame-ancestors * as the one exception.
    policy = response.headers["Content-Security-Policy"].split("; ")
    assert "frame-ancestors *" in policy
    assert "script-src 'self'" in policy
    assert "X-Frame-Options" not in response.headers
    assert "Set-Cookie" not in response.headers  # shared caches may keep it (public)
    tree = lxml_html.fromstring(response.data)
    assert all(script.get("src") for script in tree.iter("script"))
    assert not tree.xpath("//@style | //style | //@*[starts-with(name(), 'on')]")


def test_room_and_tag_filters(client, grid):
    library, room1 = grid["rooms"]

    in_room = client.get(f"/events/edcamp-embed/embed?room={room1.id}")
    tagged = client.get("/events/edcamp-embed/embed?tag=MATH")
    nothing = client.get("/events/edcamp-embed/embed?tag=knitting")

    assert titles(in_room) == ["Podcasts", "Grading less"]
    assert "Room 1" in in_room.get_data(as_text=True)
    assert titles(tagged) == ["Math games", "Grading less"]
    assert titles(nothing) == []
    assert "No session matches the tag “knitting”" in nothing.get_data(as_text=True)


@pytest.mark.parametrize(("theme", "expected"), [("", "light"), ("dark", "dark"), ("AUTO", "auto")])
def test_theme_is_chosen_by_query(client, grid, theme, expected):
    response = client.get(f"/events/edcamp-embed/embed?theme={theme}")

    assert lxml_html.fromstring(response.data).get("data-theme") == expected


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("room=abc", 422, "'room' must be a room's number."),
        ("room=999999", 404, "This event has no such room."),
        ("room=99999999999999999999", 404, "This event has no such room."),
        ("theme=neon", 422, "'theme' is light, dark or auto."),
        ("tag=" + "x" * 41, 422, "'tag' is at most 40 characters."),
    ],
)
def test_bad_parameters_are_explained_inside_the_frame(client, grid, query, status, message):
    response = client.get(f"/events/edcamp-embed/embed?{query}")

    assert response.status_code == status
    assert message in html.unescape(response.get_data(as_text=True))
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"].split("; ")


def test_another_events_room_is_404(client, grid, make_event):
    other = make_event()

    response = client.get(f"/events/edcamp-embed/embed?room={other.rooms[0].id}")

    assert response.status_code == 404


def test_unknown_event_is_404(client):
    response = client.get("/events/nope/embed")

    assert response.status_code == 404
    assert "There is no event at that address." in response.get_data(as_text=True)


def test_before_publishing_it_says_so(client, make_event):
    make_event(slug="edcamp-soon")

    response = client.get("/events/edcamp-soon/embed")

    assert response.status_code == 200
    assert "The schedule is not published yet." in response.get_data(as_text=True)


def test_html_in_titles_is_escaped(client, make_event, make_attendee):
    event = make_event(slug="edcamp-xss")
    host, _ = make_attendee(event, name="Host")
    evil = add_proposal(event, host, "<script>alert(1)</script>")
    publish(event, [(evil, event.rooms[0], event.slots[0])])

    page = client.get("/events/edcamp-xss/embed").get_data(as_text=True)

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_manage_page_offers_the_snippet_to_organizers(client, grid, login):
    login(grid["event"].organizers[0])

    page = client.get("/events/edcamp-embed/manage").get_data(as_text=True)

    tree = lxml_html.fromstring(page)
    (snippet,) = tree.xpath("//textarea[@data-embed-snippet]")
    (iframe,) = lxml_html.fragments_fromstring(snippet.text_content())
    assert iframe.tag == "iframe"
    assert iframe.get("src") == "https://edcamp.test/events/edcamp-embed/embed"
    assert iframe.get("title") == "Schedule of Edcamp Embed"
    assert re.search(r"width:100%", iframe.get("style"))


def test_a_break_slot_shows_its_name(client, grid, organizer_token):
    from tests.helpers import bearer

    event = grid["event"]
    headers = bearer(organizer_token(event.organizers[0]))
    added = client.post(
        "/api/v1/events/edcamp-embed/slots",
        json={"starts_at": "12:00", "ends_at": "12:45", "break_label": "Lunch"},
        headers=headers,
    )
    assert added.status_code == 201

    page = client.get("/events/edcamp-embed/embed")

    tree = lxml_html.fromstring(page.data)
    assert [p.text_content() for p in tree.xpath("//p[@class='embed-break']")] == ["Lunch"]
