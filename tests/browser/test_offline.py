"""Offline on the day: the phone opened the hub, the schedule and a session while the Wi-Fi
worked; then the network goes (the browser is set offline AND the server stops answering).
Those pages still read, with a note saying they are the copy of HH:MM; a page never opened
says so and lists what is saved. A new published version reaches the saved pages."""

from __future__ import annotations

import threading
import time as timer
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from werkzeug.serving import WSGIRequestHandler, make_server

from edcamp.extensions import db
from edcamp.models import Attendee, Star
from tests.browser.conftest import PHONE, assert_accessible
from tests.browser.flows import join
from tests.browser.judge import (
    assert_no_horizontal_scroll,
    assert_visible_in_viewport,
    screenshot,
)
from tests.helpers import bearer
from tests.publishing.helpers import add_proposal, publish

ZONE = "Europe/Berlin"


class _OneRequestPerConnection(WSGIRequestHandler):
    # no keep-alive: once stopped, the server really answers nothing
    protocol_version = "HTTP/1.0"


class StoppableServer:
    """The app over real HTTP on one port, stopped and started again as the Wi-Fi comes and
    goes (the same port: the phone's saved pages belong to that origin)."""

    def __init__(self, app):
        self.app = app
        self.port = 0
        self.server = None
        self.start()
        self.url = f"http://127.0.0.1:{self.port}"

    def start(self):
        self.server = make_server(
            "127.0.0.1",
            self.port,
            self.app,
            threaded=True,
            request_handler=_OneRequestPerConnection,
        )
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def wifi(app):
    server = StoppableServer(app)
    app.config["EDCAMP_BASE_URL"] = server.url
    yield server
    if server.thread.is_alive():
        server.stop()
    app.config["EDCAMP_BASE_URL"] = "https://edcamp.test"


@pytest.fixture
def day(make_event, make_attendee):
    event = make_event(slug="edcamp-offline", name="Edcamp Offline", timezone=ZONE)
    host, _ = make_attendee(event, name="Hosting Person")
    robots = add_proposal(event, host, "Robotics on a budget", tags=["STEM"])
    poems = add_proposal(event, host, "Poetry slam in class", tags=["ELA"])
    publish(
        event, [(robots, event.rooms[0], event.slots[0]), (poems, event.rooms[1], event.slots[1])]
    )
    return event, robots, poems


def clock_label(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo(ZONE)).strftime("%H:%M")


def open_and_keep(page, url: str) -> None:
    """Open a page online and wait until the service worker says it is saved."""
    page.goto(url)
    page.wait_for_selector("#offline-note[data-kept='1']", state="attached", timeout=15_000)


def wait_until(page, script: str, arg, what: str, seconds: float = 15) -> None:
    """Poll an async check in the page (wait_for_function does not await a promise)."""
    deadline = timer.monotonic() + seconds
    while not page.evaluate(script, arg):
        assert timer.monotonic() < deadline, f"timed out waiting until {what}"
        page.wait_for_timeout(200)


def cache_names(page) -> list[str]:
    return page.evaluate("async () => (await caches.keys()).sort()")


def test_saved_pages_read_offline_with_the_time_of_the_copy(wifi, browser, day):
    event, robots, poems = day
    base = f"{wifi.url}/events/{event.slug}"
    context = browser.new_context(**PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        join(page, wifi.url, event, "Offline Olga")
        before = datetime.now(UTC)
        open_and_keep(page, base)
        open_and_keep(page, f"{base}/schedule")
        open_and_keep(page, f"{base}/sessions/{robots.id}")
        after = datetime.now(UTC)
        labels = {clock_label(before), clock_label(after)}
        # personal pages are never saved: only the hub, schedule, session and room pages are
        for personal in ("/me", "/me/follow-up", "/me/connections", "/me/record"):
            open_and_keep(page, base + personal)
        saved = page.evaluate(
            """async () => { const urls = [];
                 for (const name of await caches.keys())
                   if (name.startsWith('edcamp-pages-'))
                     for (const r of await (await caches.open(name)).keys())
                       urls.push(new URL(r.url).pathname);
                 return urls.sort(); }"""
        )
        assert saved == sorted(
            [
                f"/events/{event.slug}",
                f"/events/{event.slug}/schedule",
                f"/events/{event.slug}/sessions/{robots.id}",
            ]
        )
        assert not page.locator("#offline-note").is_visible()  # online: no note
        # installable: Chromium finds nothing missing (manifest, icons, service worker)
        cdp = context.new_cdp_session(page)
        errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
        # a test browser's context is incognito, which no app can change
        assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["url"].endswith(f"/events/{event.slug}/manifest.webmanifest")
        assert manifest["errors"] == []

        context.set_offline(True)
        wifi.stop()

        page.goto(f"{base}/schedule")
        note = page.locator("#offline-note")
        assert_visible_in_viewport(page, note, what="the offline note")
        assert note.get_attribute("data-served") == "cache"  # the saved copy, not the network
        text = note.inner_text()
        assert text.startswith("Offline — showing the schedule of ")
        assert note.locator("time").inner_text() in labels
        for title in ("Robotics on a budget", "Poetry slam in class"):
            assert page.get_by_role("link", name=title).is_visible()
        assert page.locator(".tags a", has_text="STEM").first.is_visible()  # as typed
        screenshot(page, "offline-schedule-360")
        assert_no_horizontal_scroll(page)
        assert_accessible(page)

        page.goto(base)
        assert page.get_by_role("heading", name="Edcamp Offline").is_visible()
        assert page.get_by_text("Offline Olga").is_visible()
        assert_visible_in_viewport(page, page.locator("#offline-note"), what="the hub's note")
        screenshot(page, "offline-hub-360")

        page.goto(f"{base}/sessions/{robots.id}")
        assert page.get_by_role("heading", name="Robotics on a budget").is_visible()
        assert page.locator("#offline-note").is_visible()
        screenshot(page, "offline-session-360")

        # a session never opened on this phone: said plainly, with what is saved
        page.goto(f"{base}/sessions/{poems.id}")
        assert page.get_by_role("heading", name="You're offline").is_visible()
        saved = page.locator("#saved-pages a")
        saved.first.wait_for()
        names = saved.all_inner_texts()
        assert any(n.startswith("Schedule") for n in names), names
        assert any(n.startswith("Robotics on a budget") for n in names), names
        assert not any("Poetry" in n for n in names), names
        screenshot(page, "offline-not-saved-360")
        assert_no_horizontal_scroll(page)
        assert_accessible(page)
    finally:
        context.close()


def test_a_new_published_version_replaces_the_saved_pages(wifi, browser, day):
    event, robots, poems = day
    base = f"{wifi.url}/events/{event.slug}"
    context = browser.new_context(**PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        join(page, wifi.url, event, "Offline Olga")
        open_and_keep(page, base)
        open_and_keep(page, f"{base}/schedule")
        open_and_keep(page, f"{base}/sessions/{robots.id}")
        names = cache_names(page)
        [first] = [n for n in names if n.startswith(f"edcamp-pages-{event.slug}-")]
        assert names == sorted([first, "edcamp-static-v1"])

        # the organizers publish again: Robotics moves to the other room and the first slot
        db.session.rollback()  # end this test's read snapshot before writing (SQLite)
        publish(
            event,
            [(robots, event.rooms[1], event.slots[0]), (poems, event.rooms[0], event.slots[1])],
        )
        open_and_keep(page, base)  # the next look at the phone, still online
        # one cache of the event's pages again, a new one, holding all three pages
        wait_until(
            page,
            """async ([slug, first]) => { const names = (await caches.keys())
                   .filter(n => n.startsWith(`edcamp-pages-${slug}-`));
                 if (names.length !== 1 || names[0] === first) return false;
                 return (await (await caches.open(names[0])).keys()).length === 3; }""",
            [event.slug, first],
            "the three saved pages moved to a new cache",
        )
        kept = page.evaluate(
            """async (slug) => { const [name] = (await caches.keys())
                   .filter(n => n.startsWith(`edcamp-pages-${slug}-`));
                 return (await (await caches.open(name)).keys())
                   .map(r => new URL(r.url).pathname + new URL(r.url).search).sort(); }""",
            event.slug,
        )
        assert kept == sorted(
            [
                f"/events/{event.slug}",
                f"/events/{event.slug}/schedule",
                f"/events/{event.slug}/sessions/{robots.id}",
            ]
        )

        context.set_offline(True)
        wifi.stop()
        page.goto(f"{base}/sessions/{robots.id}")
        assert page.locator("#offline-note").get_attribute("data-served") == "cache"
        where = page.locator(".facts dd").nth(1).inner_text()
        assert where.startswith(event.rooms[1].name), where  # the new room, not the old one
    finally:
        context.close()


def test_a_name_withdrawn_leaves_the_saved_copies_too(
    client, wifi, browser, make_event, make_attendee
):
    """The privacy promise holds in the phone's saved pages: once a facilitator withdraws
    their name, the next look online replaces every saved copy that showed it."""
    event = make_event(slug="edcamp-names", name="Edcamp Names", timezone=ZONE)
    nadia, token = make_attendee(event, name="Nadia Namesake", show_name=True)
    talk = add_proposal(event, nadia, "Named session")
    publish(event, [(talk, event.rooms[0], event.slots[0])])
    base = f"{wifi.url}/events/{event.slug}"
    context = browser.new_context(**PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        join(page, wifi.url, event, "Offline Olga")
        open_and_keep(page, f"{base}/sessions/{talk.id}")
        assert page.get_by_text("Nadia Namesake").is_visible()
        [first] = [n for n in cache_names(page) if n.startswith(f"edcamp-pages-{event.slug}-")]

        db.session.rollback()  # the test client shares this test's session: a fresh snapshot
        withdrawn = client.patch(
            f"/api/v1/events/{event.slug}/me", json={"show_name": False}, headers=bearer(token)
        )
        assert withdrawn.status_code == 200
        open_and_keep(page, base)  # the phone's next look, online
        wait_until(
            page,
            """async ([slug, first]) => { const names = (await caches.keys())
                   .filter(n => n.startsWith(`edcamp-pages-${slug}-`));
                 if (names.length !== 1 || names[0] === first) return false;
                 return (await (await caches.open(names[0])).keys()).length === 2; }""",
            [event.slug, first],
            "the saved pages moved to a new cache",
        )

        context.set_offline(True)
        wifi.stop()
        page.goto(f"{base}/sessions/{talk.id}")
        assert page.locator("#offline-note").get_attribute("data-served") == "cache"
        assert page.get_by_text("a participant").first.is_visible()
        assert "Nadia" not in page.content()
    finally:
        context.close()


def test_a_phone_on_the_vote_page_refreshes_its_saved_schedule_when_one_is_published(
    wifi, browser, day
):
    """Published while the phone sits on the vote page: the live board says so, and the saved
    schedule is replaced then, before the Wi-Fi goes, with no page opened again."""
    event, robots, poems = day
    base = f"{wifi.url}/events/{event.slug}"
    context = browser.new_context(**PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        join(page, wifi.url, event, "Offline Olga")
        open_and_keep(page, f"{base}/schedule")
        [first] = [n for n in cache_names(page) if n.startswith(f"edcamp-pages-{event.slug}-")]
        page.goto(f"{base}/vote")
        page.wait_for_selector("#offline-note[data-kept='1']", state="attached")

        db.session.rollback()  # end this test's read snapshot before writing (SQLite)
        publish(
            event,
            [(robots, event.rooms[1], event.slots[0]), (poems, event.rooms[0], event.slots[1])],
        )
        news = page.locator("#schedule-news")
        news.wait_for(state="visible")
        wait_until(
            page,
            """async ([slug, first]) => { const names = (await caches.keys())
                   .filter(n => n.startsWith(`edcamp-pages-${slug}-`));
                 if (names.length !== 1 || names[0] === first) return false;
                 const keys = (await (await caches.open(names[0])).keys())
                   .map(r => new URL(r.url).pathname);
                 return keys.includes(`/events/${slug}/schedule`); }""",
            [event.slug, first],
            "the saved schedule moved to the new version",
        )

        context.set_offline(True)
        wifi.stop()
        page.goto(f"{base}/schedule")
        assert page.locator("#offline-note").get_attribute("data-served") == "cache"
        card = page.locator(".session-card", has_text="Robotics on a budget")
        assert card.get_by_role("link", name=event.rooms[1].name).is_visible()  # the new room
    finally:
        context.close()


def test_the_saved_hub_moves_your_next_session_along_by_the_clock(
    wifi, browser, make_event, make_attendee
):
    """Saved before the day starts, read offline at 09:55: the hub shows the 10:00 session,
    not the 09:00 one it was saved with; after the last one it says they are over."""
    day_of = date.today() + timedelta(days=1)
    event = make_event(slug="edcamp-hub", name="Edcamp Hub", timezone="UTC", date=day_of)
    host, _ = make_attendee(event, name="Hosting Person")
    first = add_proposal(event, host, "First thing")
    second = add_proposal(event, host, "Second thing")
    publish(
        event, [(first, event.rooms[0], event.slots[0]), (second, event.rooms[1], event.slots[1])]
    )
    base = f"{wifi.url}/events/{event.slug}"
    context = browser.new_context(**PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        join(page, wifi.url, event, "Early Bird")
        db.session.rollback()
        bird = db.session.query(Attendee).filter_by(name="Early Bird").one()
        db.session.add_all([Star(attendee_id=bird.id, proposal_id=p.id) for p in (first, second)])
        db.session.commit()
        open_and_keep(page, base)
        card = page.locator("#next-up")
        assert card.get_by_role("link", name="First thing").is_visible()

        context.set_offline(True)
        wifi.stop()
        page.clock.install(time=datetime.combine(day_of, time(9, 55), tzinfo=UTC))
        page.goto(base)
        assert page.locator("#offline-note").get_attribute("data-served") == "cache"
        assert card.get_by_role("link", name="Second thing").is_visible()
        assert not card.get_by_role("link", name="First thing").is_visible()
        page.clock.fast_forward("01:00:00")  # 10:55: the last one ended at 10:50
        expect(card.get_by_text("Your sessions are over")).to_be_visible()
        assert not card.get_by_role("link", name="Second thing").is_visible()
    finally:
        context.close()
