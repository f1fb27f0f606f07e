"""The organizer's manage page at 360 px: each form redraws only itself after an error and
the others keep the event's stored values, so saving them next changes nothing by accident."""

from __future__ import annotations

from playwright.sync_api import expect

from edcamp.extensions import db
from edcamp.models import Event
from tests.browser.conftest import assert_accessible
from tests.browser.flows import sign_in
from tests.browser.judge import assert_no_horizontal_scroll, screenshot


def _stored(event_id: int) -> Event:
    db.session.rollback()
    return db.session.get(Event, event_id)


def _open_manage(phone, live_server, make_event, **details):
    event = make_event(name="Edcamp Harbor", **details)
    event.show_counts = True
    db.session.commit()
    page = phone()
    sign_in(page, live_server.url, event.organizers[0].email)
    page.goto(f"{live_server.url}/events/{event.slug}/manage")
    return page, event


def test_failed_add_room_leaves_event_details_and_voting_as_stored(
    app, live_server, phone, make_event
):
    page, event = _open_manage(phone, live_server, make_event)
    rooms = page.locator("#rooms")
    add = rooms.locator("form", has=page.get_by_role("button", name="Add room"))
    add.get_by_label("Room name", exact=True).fill("Library")  # exists already: the form fails
    add.get_by_label("Seats", exact=True).fill("25")
    add.get_by_role("button", name="Add room").click()

    expect(rooms.locator(".error")).to_be_visible()
    expect(page.locator("#settings").get_by_label("Event name")).to_have_value("Edcamp Harbor")
    expect(page.locator("#voting").get_by_label("Show live vote counts")).to_be_checked()
    page.locator("#settings").get_by_role("button", name="Save details").click()
    page.wait_for_load_state()

    stored = _stored(event.id)
    assert stored.name == "Edcamp Harbor"
    assert stored.show_counts is True


def test_failed_add_slot_then_save_voting_keeps_live_counts(app, live_server, phone, make_event):
    page, event = _open_manage(phone, live_server, make_event)
    slots = page.locator("#slots")
    add = slots.locator("form", has=page.get_by_role("button", name="Add slot"))
    add.get_by_label("Starts").fill("25:99")
    add.get_by_label("Ends").fill("10:00")
    add.get_by_role("button", name="Add slot").click()
    expect(slots.locator(".error").first).to_be_visible()

    page.locator("#voting").get_by_role("button", name="Save voting").click()
    page.wait_for_load_state()

    assert _stored(event.id).show_counts is True


def test_manage_page_at_360px(app, live_server, phone, make_event):
    page, _ = _open_manage(phone, live_server, make_event)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    screenshot(page, "organizer-manage-360")
