"""Setting an event up on the manage page, as an organizer sees it at 360 px and 1366 px:
a time-zone picker that finds a zone by city, country or offset; rooms and slots edited in
place with their errors in their own row; the whole page usable on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from edcamp.extensions import db
from edcamp.models import Event, Room, Slot
from tests.browser.conftest import assert_accessible
from tests.browser.flows import sign_in
from tests.browser.judge import (
    assert_no_horizontal_scroll,
    assert_no_overlap,
    assert_tap_targets,
    assert_visible_in_viewport,
    box,
    screenshot,
)
from tests.browser.test_content_security_policy import watch


def _stored(model, key):
    db.session.rollback()
    return db.session.get(model, key)


def _manage(page_at, live_server, make_event, viewport):
    event = make_event(name="Edcamp Harbor")
    page = page_at(viewport)
    page.csp = watch(page)  # Content-Security-Policy messages, checked at the end of a test
    sign_in(page, live_server.url, event.organizers[0].email)
    page.goto(f"{live_server.url}/events/{event.slug}/manage")
    return page, event


def _inside(inner: dict, outer: dict) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
    )


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_the_time_zone_picker_finds_zones_by_city_country_and_offset(
    app, live_server, page_at, make_event, viewport
):
    page, event = _manage(page_at, live_server, make_event, viewport)
    field = page.locator("#settings").get_by_role("combobox", name="Time zone")
    listbox = page.get_by_role("listbox", name="Matching time zones")
    status = page.locator("#timezone-matches")

    field.fill("berlin")
    expect(listbox).to_be_visible()
    first = listbox.get_by_role("option").first
    expect(first).to_contain_text("Berlin, Germany")
    first.scroll_into_view_if_needed()
    assert_visible_in_viewport(page, first, what="the Berlin option")
    assert _inside(box(listbox), box(page.locator("#settings")))  # not off the card sideways
    expect(status).to_have_text("1 time zone matches.")
    assert_accessible(page)  # with the list open
    screenshot(page, f"organizer-timezone-picker-{viewport}", full_page=False)

    field.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(field).to_have_attribute("aria-activedescendant", re.compile(r".+"))
    field.press("Enter")
    expect(field).to_have_value("Europe/Berlin")
    expect(listbox).to_be_hidden()

    field.fill("germany")  # a country: both of its zones
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_contain_text("Europe/Berlin")
    field.fill("utc+5:30")  # an offset
    expect(listbox.get_by_role("option", name=re.compile("Kolkata"))).to_be_visible()
    field.fill("Atlantis")
    expect(listbox).to_be_hidden()
    expect(status).to_contain_text("No time zone matches “Atlantis”")

    field.fill("tok")
    listbox.get_by_role("option", name=re.compile("Tokyo")).click()  # a tap chooses too
    expect(field).to_have_value("Asia/Tokyo")
    page.locator("#settings").get_by_role("button", name="Save details").click()
    expect(page.locator(".flash-success")).to_contain_text("Event saved.")
    assert _stored(Event, event.id).timezone == "Asia/Tokyo"
    assert page.csp == []  # the combobox runs under the CSP


def test_a_typed_city_is_understood_and_an_unclear_one_explained(
    app, live_server, page_at, make_event
):
    page, event = _manage(page_at, live_server, make_event, "phone")
    settings = page.locator("#settings")
    field = settings.get_by_role("combobox", name="Time zone")

    field.fill("Germany")  # two zones: the form says which, nothing is saved
    field.press("Escape")
    settings.get_by_role("button", name="Save details").click()
    error = page.locator("#timezone-error")
    expect(error).to_contain_text("could be one of several time zones (Europe/Berlin")
    error.scroll_into_view_if_needed()
    assert_visible_in_viewport(page, error, what="the time-zone error")
    expect(page.locator("#settings").get_by_role("combobox", name="Time zone")).to_have_attribute(
        "aria-invalid", "true"
    )
    assert _stored(Event, event.id).timezone == "America/New_York"

    field = page.locator("#settings").get_by_role("combobox", name="Time zone")
    field.fill("buenos aires")
    field.press("Escape")
    page.locator("#settings").get_by_role("button", name="Save details").click()
    expect(page.locator(".flash-success")).to_contain_text("Event saved.")
    assert _stored(Event, event.id).timezone == "America/Argentina/Buenos_Aires"


def test_slots_and_rooms_are_edited_in_place_on_a_phone(app, live_server, page_at, make_event):
    page, event = _manage(page_at, live_server, make_event, "phone")
    first, second = event.slots
    row = page.get_by_role("group", name="Slot 09:00–09:50")

    row.get_by_label("Starts").fill("9.15")
    row.get_by_label("Ends").fill("10:05")  # runs into the 10:00 slot
    row.get_by_role("button", name="Save").click()
    row = page.get_by_role("group", name="Slot 09:00–09:50")
    error = row.locator(".error")
    expect(error).to_have_text("That overlaps the 10:00-10:50 slot.")
    error.scroll_into_view_if_needed()
    assert_visible_in_viewport(page, error, what="the slot row's error")
    expect(row.get_by_label("Starts")).to_have_value("9.15")  # as typed, to fix it
    expect(page.locator("#settings").get_by_label("Event name")).to_have_value("Edcamp Harbor")
    assert f"{_stored(Slot, first.id).starts_at:%H:%M}" == "09:00"

    row.get_by_label("Ends").fill("9:55am")
    row.get_by_role("button", name="Save").click()
    expect(page.locator(".flash-success")).to_have_text("Slot saved: 09:15–09:55.")
    stored = _stored(Slot, first.id)
    assert (f"{stored.starts_at:%H:%M}", f"{stored.ends_at:%H:%M}") == ("09:15", "09:55")

    lunch = page.get_by_role("group", name="Slot 10:00–10:50")
    lunch.get_by_label("Break").fill("Lunch")
    lunch.get_by_role("button", name="Save").click()
    expect(page.locator(".flash-success")).to_contain_text("Slot saved")
    assert _stored(Slot, second.id).break_label == "Lunch"

    room = page.get_by_role("group", name="Room Room 1")
    room.get_by_label("Name").fill("library")  # taken (any case)
    room.get_by_role("button", name="Save").click()
    room = page.get_by_role("group", name="Room Room 1")
    expect(room.locator(".error")).to_contain_text("There is a room called 'library' already.")
    room.get_by_label("Name").fill("Science Lab")
    room.get_by_label("Seats").fill("24")
    room.get_by_label("Features").fill("projector, Step-free")
    room.get_by_role("button", name="Save").click()
    expect(page.locator(".flash-success")).to_have_text("Room Science Lab saved.")
    stored_room = _stored(Room, event.rooms[1].id)
    assert (stored_room.name, stored_room.capacity, stored_room.features) == (
        "Science Lab",
        24,
        ["projector", "step-free"],
    )


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_the_manage_page_is_usable_at_360_px_and_on_a_laptop(
    app, live_server, page_at, make_event, viewport
):
    page, _event = _manage(page_at, live_server, make_event, viewport)
    assert_no_horizontal_scroll(page)
    assert_tap_targets(page)
    assert_no_overlap(page, "#rooms input, #rooms button, #slots input, #slots button", gap=2)
    for section in ("#rooms", "#slots", "#settings", "#voting", "#joining", "#embed"):
        card = box(page.locator(section))
        for field in page.locator(f"{section} input:visible, {section} button:visible").all():
            assert _inside(box(field), card), f"{section}: {field} sticks out of its card"
    assert_accessible(page)
    screenshot(page, f"organizer-manage-{viewport}")
