"""The footer's language switcher on a 360 px phone: five languages fit, every name is a
target a thumb can hit, the attendee's bottom bar never covers it, axe passes, and the
projector views still fit their screen without it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LAPTOP, PHONE, LiveServer, _context, assert_accessible
from tests.browser.flows import join, sign_in
from tests.browser.judge import (
    PROJECTOR_SIZES,
    assert_fits_screen,
    assert_no_horizontal_scroll,
    box,
    overlaps,
    screenshot,
    small_or_touching_targets,
)
from tests.test_language_switcher import five  # noqa: F401  (fixture)


@pytest.fixture
def server(five):  # noqa: F811
    with LiveServer(five) as served:
        five.config["EDCAMP_BASE_URL"] = served.url
        yield served


def test_the_switcher_fits_a_phone_above_the_attendee_bar(server, browser, make_event):
    event = make_event()
    context = _context(browser, PHONE)
    page = context.new_page()
    try:
        join(page, server.url, event, "Ana Lópes")
        page.goto(f"{server.url}/events/{event.slug}/vote")
        switcher = page.locator("footer nav.language-switcher")
        switcher.scroll_into_view_if_needed()
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        screenshot(page, "language-switcher-phone", full_page=False)

        links = switcher.get_by_role("link")
        expect(links).to_have_count(5)
        bar = box(page.locator("nav.attendee-bar"))
        for index in range(5):
            link = links.nth(index)
            expect(link).to_be_in_viewport()
            assert not overlaps(box(link), bar), link.text_content()
        small = [t for t in small_or_touching_targets(page) if "hreflang" in t]
        assert small == []
        assert_no_horizontal_scroll(page)
        assert_accessible(page)

        switcher.get_by_role("link", name="Deutsch").tap()
        page.wait_for_url(f"**/events/{event.slug}/vote?lang=de")
        assert page.evaluate("document.documentElement.lang") == "de"
        expect(page.locator("footer nav.language-switcher")).to_have_attribute(
            "aria-label", "Sprache"
        )
        expect(page.locator("footer a[aria-current=true]")).to_have_text("Deutsch")
    finally:
        context.close()


def test_projector_views_have_no_switcher_and_still_fit(server, browser, make_event):
    event = make_event()
    context = _context(browser, LAPTOP)
    page = context.new_page()
    try:
        sign_in(page, server.url, event.organizers[0].email)
        for size in PROJECTOR_SIZES:
            page.set_viewport_size(size)
            for path in ("board", "now"):
                page.goto(f"{server.url}/events/{event.slug}/{path}?lang=fr")
                assert page.locator(".language-switcher").count() == 0, path
                assert_fits_screen(page)
        screenshot(page, "language-switcher-projector-now", full_page=False)
    finally:
        context.close()
