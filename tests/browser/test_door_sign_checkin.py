"""The door sign's QR code opens the room page: a joined phone checks into what runs there
now with one tap; the signs print in large type under "Scan to check in"."""

from __future__ import annotations

from playwright.sync_api import expect

from edcamp.extensions import db
from edcamp.models import Attendee, CheckIn
from tests.browser.conftest import assert_accessible
from tests.browser.flows import join, sign_in
from tests.browser.judge import (
    assert_no_horizontal_scroll,
    assert_tap_targets,
    assert_visible_in_viewport,
    box,
    overlaps,
    screenshot,
)
from tests.contacts.conftest import build_scene


def test_room_page_from_the_door_sign_checks_in_with_one_tap(
    app, live_server, phone, make_organizer, make_event, make_attendee
):
    scene = build_scene(make_organizer, make_event, make_attendee)
    page = phone()
    join(page, live_server.url, scene.event, "Door Scanner")
    page.goto(f"{live_server.url}/events/{scene.event.slug}/rooms/{scene.event.rooms[0].id}")

    here = page.get_by_role("button", name="I'm here")
    expect(page.locator(".now-card")).to_contain_text("Makerspaces")
    assert_visible_in_viewport(page, here, what="I'm here")
    subscribe = page.get_by_role("link", name="Subscribe to this room")
    assert not overlaps(box(here), box(subscribe), gap=8), "I'm here touches Subscribe"
    assert_no_horizontal_scroll(page)
    assert_tap_targets(page)
    assert_accessible(page)
    screenshot(page, "attendee-room-360")

    here.tap()
    expect(page.get_by_text("You're checked in.")).to_be_visible()
    db.session.rollback()
    scanner = db.session.query(Attendee).filter_by(name="Door Scanner").one()
    assert db.session.get(CheckIn, (scanner.id, scene.maker.id)) is not None


def test_door_signs_say_scan_to_check_in_in_large_type(
    app, live_server, phone, make_organizer, make_event, make_attendee
):
    scene = build_scene(make_organizer, make_event, make_attendee)
    page = phone()
    sign_in(page, live_server.url, scene.organizer.email)
    page.goto(f"{live_server.url}/events/{scene.event.slug}/door-signs")

    sign = page.locator(".door-sign").first
    expect(sign.locator(".sign-scan")).to_have_text("Scan to check in")
    expect(sign.locator(".sign-badge")).to_have_text("Now")
    room_size = float(
        sign.locator(".sign-room").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    )
    title_size = float(
        sign.locator(".sign-title").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    )
    assert room_size >= 44
    assert title_size >= 20
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    screenshot(page, "organizer-door-signs-360")
