"""The embeddable schedule inside an <iframe> on a page of another origin, as an Edcamp's own
website shows it: visible, filtered, themed, fitting a phone, and updated on publish."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from edcamp.extensions import db
from tests.browser.conftest import AXE_JS
from tests.browser.flows import sign_in
from tests.browser.judge import screenshot
from tests.publishing.helpers import add_proposal, publish

DARK_BG = "rgb(15, 23, 42)"
LIGHT_BG = "rgb(255, 255, 255)"


class HostSite:
    """The Edcamp's own website: a page on another origin (localhost, another port)."""

    def __init__(self, embed_url: str = "", *, snippet: str = "") -> None:
        snippet = snippet or (
            f"<iframe src='{embed_url}' title='Schedule of Edcamp Springfield' "
            "style='width:100%;height:560px;border:0'></iframe>"
        )
        body = (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            "<title>Edcamp Springfield</title></head><body style='margin:0;font-family:serif'>"
            "<h1 style='margin:8px'>Edcamp Springfield</h1><p style='margin:8px'>Our day:</p>"
            f"{snippet}</body></html>"
        ).encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://localhost:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def host_site():
    sites = []

    def open_site(embed_url: str = "", **kw) -> HostSite:
        sites.append(HostSite(embed_url, **kw))
        return sites[-1]

    yield open_site
    for site in sites:
        site.close()


@pytest.fixture
def grid(make_event, make_attendee):
    event = make_event(slug="edcamp-springfield", name="Edcamp Springfield")
    host, _ = make_attendee(event, name="Ada Lovelace", show_name=True)
    games = add_proposal(event, host, "Math games with dice and cards", tags=["math"])
    podcasts = add_proposal(event, host, "Podcasts in class", tags=["media"])
    later = add_proposal(event, host, "Thinking classrooms in every subject", tags=["math"])
    library, room1 = event.rooms
    first, second = event.slots
    cells = [(games, library, first), (podcasts, room1, first)]
    publish(event, cells)
    db.session.commit()
    return {"event": event, "cells": cells, "later": (later, room1, second)}


def embed_frame(page):
    frame = next(f for f in page.frames if "/embed" in f.url)
    frame.wait_for_load_state()
    return frame


def frame_axe(frame) -> list[dict]:
    frame.evaluate(AXE_JS.read_text())  # not a <script>: the CSP forbids inline scripts
    result = frame.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_embed_in_another_sites_iframe_on_a_phone_updates_on_publish(
    live_server, host_site, phone, grid
):
    site = host_site(f"{live_server.url}/events/edcamp-springfield/embed?theme=dark&tag=math")
    page = phone()
    page.goto(site.url)
    assert page.evaluate("location.origin") != live_server.url  # really another origin

    frame_box = page.frame_locator("iframe")
    title = frame_box.get_by_role("link", name="Math games with dice and cards")
    expect(title).to_be_visible()
    expect(frame_box.get_by_text("Podcasts in class")).to_have_count(0)  # tag filter
    frame = embed_frame(page)
    assert frame.evaluate("getComputedStyle(document.body).backgroundColor") == DARK_BG
    width = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert frame.evaluate(width) <= 0
    box = page.locator("iframe").bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 360
    assert frame_axe(frame) == []
    screenshot(page, "embed-iframe-phone-dark")

    frame.evaluate("window.__same_page = true")
    db.session.rollback()  # end this test's read snapshot before writing
    publish(grid["event"], [*grid["cells"], grid["later"]])

    expect(frame_box.get_by_text("Thinking classrooms in every subject")).to_be_visible(
        timeout=15_000
    )
    assert embed_frame(page).evaluate("window.__same_page") is True  # swapped, not reloaded
    screenshot(page, "embed-iframe-phone-dark-after-publish")


def test_embed_light_theme_on_a_laptop_shows_every_room(live_server, host_site, page_at, grid):
    site = host_site(f"{live_server.url}/events/edcamp-springfield/embed")
    page = page_at("laptop")
    page.goto(site.url)

    frame_box = page.frame_locator("iframe")
    expect(frame_box.get_by_role("link", name="Podcasts in class")).to_be_visible()
    expect(frame_box.get_by_role("link", name="Math games with dice and cards")).to_be_visible()
    frame = embed_frame(page)
    assert frame.evaluate("getComputedStyle(document.body).backgroundColor") == LIGHT_BG
    cards = frame.locator(".embed-session")
    first, second = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert first["y"] == second["y"]  # side by side when there is room
    assert frame_axe(frame) == []
    screenshot(page, "embed-iframe-laptop-light")


def test_the_snippet_from_the_manage_page_works_pasted_into_another_site(
    live_server, host_site, page_at, grid
):
    organizer = page_at("laptop")
    sign_in(organizer, live_server.url, grid["event"].organizers[0].email)
    organizer.goto(f"{live_server.url}/events/edcamp-springfield/manage#embed")
    organizer.get_by_label("Colours").select_option("dark")
    snippet = organizer.get_by_label("Code to paste").input_value()
    assert "embed?theme=dark" in snippet
    organizer.context.grant_permissions(["clipboard-read", "clipboard-write"])
    organizer.get_by_role("button", name="Copy code").click()
    expect(organizer.get_by_text("Copied.")).to_be_visible()
    assert organizer.evaluate("navigator.clipboard.readText()") == snippet

    site = host_site(snippet=snippet)
    page = page_at("laptop")
    page.goto(site.url)

    frame_box = page.frame_locator("iframe")
    expect(frame_box.get_by_role("link", name="Podcasts in class")).to_be_visible()
    assert embed_frame(page).evaluate("getComputedStyle(document.body).backgroundColor") == DARK_BG
    assert page.locator("iframe").get_attribute("title") == "Schedule of Edcamp Springfield"
    screenshot(page, "embed-snippet-pasted-dark")
