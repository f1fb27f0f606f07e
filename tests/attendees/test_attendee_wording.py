"""No organizer-only wording, and no link or form to an organizer-only route, on the pages an
attendee reads (issue 11: "no organizer-only wording on attendee pages").

The words are the organizers' tools and jargon; the routes come from the authorization
matrix (every route only organizers get through). The text checked is what a person reads:
the page's text and the labels a screen reader says (aria-label, title, alt, placeholder).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.browser.test_every_page import ATTENDEE_PAGES, VISITOR_PAGES
from tests.contacts.conftest import build_scene
from tests.security.access import ACCESS, ANY_ORGANIZER, ORGANIZER

# Words that belong to the organizers' side of the app. Plain words about organizers
# ("the organizers took these off the board") are fine for attendees; their tools are not.
ORGANIZER_WORDS = [
    r"moderat(?:e|ion|ing)",
    r"(?:un)?merg(?:e|ed|es|ing)",
    r"rebuild",
    r"drafts?",
    r"publish(?:ing)?\b(?!ed)",  # "the published schedule" reads fine; "Publish" is a tool
    r"door[- ]signs?",
    r"outbox",
    r"purge",
    r"conflicts?",
    r"unscheduled",
    r"set-?up checklist",
    r"co-?organi[sz]ers?",
    r"manage (?:this |the )?event",
    r"live vote counts",
    r"hide (?:this )?proposal",
    r"api tokens?",
    r"dashboard",
    r"my events",
    r"voters",
    r"join code settings",
    r"projector",
]
_WORDS = re.compile(r"\b(?:" + "|".join(ORGANIZER_WORDS) + r")", re.IGNORECASE)
_READ_ATTRIBUTES = {"aria-label", "title", "alt", "placeholder", "value"}


class _Reader(HTMLParser):
    """The text a person reads or hears, and every link or form target."""

    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.targets: list[tuple[str, str]] = []  # (method, url)
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        values = dict(attrs)
        for name, value in values.items():
            if name in _READ_ATTRIBUTES and value and values.get("type") != "hidden":
                self.text.append(value)
        if values.get("href"):
            self.targets.append(("GET", values["href"]))
        if tag == "form" and values.get("action"):
            self.targets.append(((values.get("method") or "get").upper(), values["action"]))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def read(html: str) -> _Reader:
    reader = _Reader()
    reader.feed(html)
    return reader


def organizer_words(html: str) -> list[str]:
    text = " ".join(" ".join(read(html).text).split())
    return sorted({m.group(0).lower() for m in _WORDS.finditer(text)})


def _organizer_only_routes() -> list[tuple[str, re.Pattern]]:
    """Each route only organizers may use, as a pattern over paths (GET links, form posts)."""
    patterns = []
    for key, roles in ACCESS.items():
        if roles not in (ORGANIZER, ANY_ORGANIZER):
            continue
        method, rule = key.split(" ", 1)
        parts = re.split(r"(<[^>]+>)", rule)  # literal text and <converter:variable>
        regex = "".join("[^/?#]+" if p.startswith("<") else re.escape(p) for p in parts)
        patterns.append((method, re.compile(f"^{regex}$")))
    return patterns


ORGANIZER_ROUTES = _organizer_only_routes()


def organizer_links(html: str) -> list[str]:
    """Links and forms on the page that lead to a route only organizers may use."""
    found = set()
    for method, url in read(html).targets:
        path = re.sub(r"^https?://[^/]+", "", url).split("?")[0].split("#")[0]
        if any(m == method and r.match(path) for m, r in ORGANIZER_ROUTES):
            found.add(f"{method} {path}")
    return sorted(found)


@pytest.fixture
def scene(make_organizer, make_event, make_attendee):
    return build_scene(make_organizer, make_event, make_attendee)


@pytest.fixture
def leader(client, scene, join_as):
    """A joined phone that proposed a session and offered to lead another: every attendee
    page in its fullest state."""
    slug = scene.event.slug
    join_as(scene.event, name="Lea Leader", show_name="y")
    client.post(
        f"/events/{slug}/propose",
        data={"title": "Sketchnotes", "facilitating": "yes", "show_name_asked": "1"},
    )
    client.post(
        f"/events/{slug}/proposals/{scene.podcasts.id}/facilitate", data={"show_name_asked": "1"}
    )
    return client


def _path(scene, template: str) -> str:
    return template.format(
        slug=scene.event.slug, maker=scene.maker.id, room=scene.event.rooms[0].id
    )


def _attendee_paths(scene) -> dict[str, str]:
    paths = {name: _path(scene, p) for name, p in ATTENDEE_PAGES.items()}
    paths["my-day"] = f"/events/{scene.event.slug}/schedule?mine=1"
    paths["session-unscheduled-404"] = f"/events/{scene.event.slug}/sessions/{scene.unscheduled.id}"
    return paths


def test_attendee_pages_use_no_organizer_wording_and_link_no_organizer_page(leader, scene):
    found = {}
    for name, path in _attendee_paths(scene).items():
        response = leader.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        html = response.get_data(as_text=True)
        words, links = organizer_words(html), organizer_links(html)
        if words or links:
            found[name] = words + links
    assert found == {}


def test_the_first_offer_to_lead_and_the_join_pages_use_no_organizer_wording(
    client, scene, join_as
):
    join_as(scene.event, name="New Face")
    asked = client.post(f"/events/{scene.event.slug}/proposals/{scene.maker.id}/facilitate")
    pages = {"lead-question": asked.get_data(as_text=True)}
    anonymous = client.application.test_client()
    # the front page and the sign-in page speak to organizers too; joining is attendees' only
    for name in ("enter-code", "join"):
        path = VISITOR_PAGES[name]
        pages[name] = anonymous.get(_path(scene, path)).get_data(as_text=True)

    found = {n: organizer_words(h) + organizer_links(h) for n, h in pages.items()}
    assert {n: hits for n, hits in found.items() if hits} == {}


def test_the_check_sees_organizer_wording_where_it_belongs(client, scene, login):
    """The detector is not blind: organizer pages are full of what attendee pages must lack."""
    login(scene.organizer)
    slug = scene.event.slug
    moderate = client.get(f"/events/{slug}/moderate").get_data(as_text=True)
    manage = client.get(f"/events/{slug}/manage").get_data(as_text=True)

    assert {"merge", "publish"} & set(organizer_words(moderate + manage))
    assert f"POST /events/{slug}/manage" in organizer_links(manage)
    assert organizer_words("<p>Voting is open</p><button aria-label='Rebuild'>⟳</button>") == [
        "rebuild"
    ]
    assert organizer_words("<p>The organizers took these off the board.</p>") == []
