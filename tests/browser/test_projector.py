"""Projector views fill 1920x1080 and 1280x720 without scrolling, whatever the number of
proposals or rooms: ranks read row by row and pages turn by themselves when needed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from edcamp.demo import DEMO_EMAIL, DEMO_PASSWORD, build_demo
from edcamp.extensions import db
from edcamp.models import Proposal
from tests.browser.conftest import LiveServer, assert_accessible
from tests.browser.flows import sign_in
from tests.browser.judge import (
    PROJECTOR_SIZES,
    assert_fits_screen,
    assert_nothing_cut_off,
    box,
    screenshot,
)
from tests.catalogs import pseudo, pseudo_catalog


def _screen(browser, size):
    context = browser.new_context(viewport=size)
    context.set_default_timeout(10_000)
    return context, context.new_page()


def _visible_ranks(page) -> list[int]:
    return page.evaluate(
        "[...document.querySelectorAll('#board li')].filter(li => li.checkVisibility())"
        ".map(li => +li.querySelector('.rank').textContent)"
    )


@pytest.mark.parametrize("size", PROJECTOR_SIZES, ids=lambda s: f"{s['width']}x{s['height']}")
def test_board_fits_the_screen_and_pages_through_40_proposals(app, live_server, browser, size):
    event, _ = build_demo()
    db.session.commit()
    total = (
        db.session.query(Proposal)
        .filter_by(event_id=event.id, hidden=False, merged_into_id=None)
        .count()
    )
    assert total >= 40
    context, page = _screen(browser, size)
    try:
        sign_in(page, live_server.url, DEMO_EMAIL, DEMO_PASSWORD)
        page.goto(f"{live_server.url}/events/demo/board")
        pager = page.locator("#board-pager")
        expect(pager).to_contain_text("Page 1 of")
        assert_fits_screen(page)
        assert_nothing_cut_off(page, "main *")
        screenshot(page, f"projector-board-{size['width']}x{size['height']}")

        first = _visible_ranks(page)
        assert first == list(range(1, len(first) + 1))
        assert len(first) >= 8, "the board shows too few proposals at a time"
        # row by row: rank 2 sits beside rank 1, rank 3 under rank 1
        one, two, three = (box(page.locator("#board li").nth(i)) for i in range(3))
        assert abs(one["y"] - two["y"]) < 2
        assert two["x"] > one["x"]
        assert three["y"] > one["y"]
        assert abs(three["x"] - one["x"]) < 2

        pages = int(pager.inner_text().split(" of ")[1].split()[0])
        seen = set(first)
        for number in range(2, pages + 1):
            expect(pager).to_contain_text(f"Page {number} of", timeout=15_000)
            ranks = _visible_ranks(page)
            assert ranks[0] == max(seen) + 1
            seen |= set(ranks)
            assert_fits_screen(page)
        assert seen == set(range(1, total + 1))

        link = page.locator("#join-link")
        assert link.evaluate("e => e.getClientRects().length") == 1, "the join link wraps"
        assert link.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        code_size = page.locator(".join-panel .code").evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)"
        )
        assert code_size >= 38
        assert_accessible(page)
    finally:
        context.close()


@pytest.mark.parametrize("size", PROJECTOR_SIZES, ids=lambda s: f"{s['width']}x{s['height']}")
def test_now_view_shows_all_eight_demo_rooms_on_the_screen(app, live_server, browser, size):
    event, _ = build_demo(publish_schedule=True)
    db.session.commit()
    context, page = _screen(browser, size)
    try:
        page.goto(f"{live_server.url}/events/demo/now?at={event.date.isoformat()}T09:40")
        rows = page.locator(".projector-table tbody tr")
        expect(rows).to_have_count(8)
        assert_fits_screen(page)
        assert_nothing_cut_off(page, "main *")
        screenshot(page, f"projector-now-{size['width']}x{size['height']}")
        # all eight rooms at once: no page to wait for
        assert all(rows.nth(i).is_visible() for i in range(8))
        expect(page.locator("#now-pager")).to_be_hidden()
        size_px = page.locator(".projector-table").evaluate(
            "e => parseFloat(getComputedStyle(e).fontSize)"
        )
        assert size_px >= 20
        assert_accessible(page)
    finally:
        context.close()


@pytest.mark.parametrize("size", PROJECTOR_SIZES, ids=lambda s: f"{s['width']}x{s['height']}")
def test_now_view_in_a_long_language_still_fits_the_screen(app, make_app, tmp_path, browser, size):
    """A German event's projector, in the pseudo-translation (every word half as long again):
    in the event's language whatever the laptop's browser prefers, and still on one screen."""
    german = make_app(BABEL_TRANSLATION_DIRECTORIES=str(pseudo_catalog(tmp_path, "de")))
    event, _ = build_demo(publish_schedule=True)
    event.language = "de"
    db.session.commit()
    context, page = _screen(browser, size)
    try:
        with LiveServer(german) as server:
            page.goto(f"{server.url}/events/demo/now?at={event.date.isoformat()}T09:40")
            assert page.evaluate("document.documentElement.lang") == "de"
            rows = page.locator(".projector-table tbody tr")
            expect(rows).to_have_count(8)
            expect(page.locator(".projector-table thead th").first).to_have_text(pseudo("Room"))
            assert_fits_screen(page)
            assert_nothing_cut_off(page, "main *")
            screenshot(page, f"projector-now-pseudo-{size['width']}x{size['height']}")
            assert all(rows.nth(i).is_visible() for i in range(8))
    finally:
        context.close()
