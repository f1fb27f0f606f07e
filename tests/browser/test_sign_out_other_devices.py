"""A phone signs its other devices out: the second phone, signed in with a "continue on
another device" link, is out at once; the first stays in. At 360 px, with axe."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_fits_phone
from tests.browser.flows import join
from tests.browser.judge import assert_visible_in_viewport, screenshot


def test_signing_out_other_devices_on_a_phone(live_server, phone, make_event):
    event = make_event(slug="devices-26")
    base = live_server.url
    first = phone()
    join(first, base, event, "Robin Rivera")
    first.goto(f"{base}/events/{event.slug}/me")
    first.get_by_role("button", name="Continue on another device").click()
    link = first.locator("code.token").inner_text().strip()

    second = phone()
    second.goto(link)
    second.get_by_role("button", name="Continue as Robin Rivera").click()
    second.goto(f"{base}/events/{event.slug}/me")
    expect(second.get_by_role("heading", name="My profile")).to_be_visible()

    first.goto(f"{base}/events/{event.slug}/me")
    button = first.get_by_role("button", name="Sign out my other devices")
    button.scroll_into_view_if_needed()
    assert_visible_in_viewport(first, button, what="the sign-out button")
    expect(first.get_by_text("Lost a phone, or shared your link by mistake?")).to_be_visible()
    assert_fits_phone(first)
    assert_accessible(first)
    button.click()
    expect(first.get_by_role("status").first).to_contain_text(
        "Your other devices and apps are signed out"
    )
    expect(first.get_by_role("heading", name="My profile")).to_be_visible()
    screenshot(first, "sign-out-other-devices-360")

    second.goto(f"{base}/events/{event.slug}/me")
    second.wait_for_url(f"{base}/events/{event.slug}/join**")
    expect(second.get_by_label("Your name")).to_be_visible()
