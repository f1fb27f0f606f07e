"""The public schedule on a laptop is a rooms x times grid: each session sits in its room's
column and its slot's row, read off the screen. Phones keep the list."""

from __future__ import annotations

import pytest

from edcamp.extensions import db
from tests.browser.conftest import assert_accessible
from tests.browser.judge import (
    assert_no_horizontal_scroll,
    assert_tap_targets,
    box,
    screenshot,
)
from tests.publishing.helpers import add_proposal, publish

ROOMS = [("Library", 30), ("Gym", 80), ("Room 101", 25), ("Room 102", 25), ("Art studio", 20)]
SLOTS = [("09:00", "09:50"), ("10:00", "10:50"), ("11:00", "11:50")]


@pytest.fixture
def grid_event(make_event, make_attendee):
    """5 rooms x 3 slots; the middle slot leaves two rooms empty."""
    event = make_event(slug="edcamp-grid", name="Edcamp Grid", rooms=ROOMS, slots=SLOTS)
    host, _ = make_attendee(event, name="Gina Grid")
    cells, titles = [], {}
    for s, slot in enumerate(event.slots):
        for r, room in enumerate(event.rooms):
            if s == 1 and r in (1, 3):
                continue
            title = f"Session {s + 1}{'ABCDE'[r]}" + (
                " on thinking classrooms and random groups" if r == 0 else ""
            )
            proposal = add_proposal(event, host, title, tags=["iPad"] if r == 2 else [])
            cells.append((proposal, room, slot))
            titles[title] = (room.name, s)
    publish(event, cells)
    db.session.commit()
    return event, titles


def _center_x(b: dict) -> float:
    return b["x"] + b["width"] / 2


def test_laptop_schedule_is_a_rooms_by_times_grid(live_server, page_at, grid_event):
    event, titles = grid_event
    page = page_at("laptop")
    page.goto(f"{live_server.url}/events/{event.slug}/schedule")
    screenshot(page, "schedule-grid-laptop-1366")

    heads = {}
    for name, _capacity in ROOMS:
        head = page.locator(".grid-room", has_text=name)
        assert head.is_visible(), f"no column for {name}"
        heads[name] = box(head)
    tops = {round(b["y"]) for b in heads.values()}
    assert len(tops) == 1, f"room names are not one row: {heads}"
    lefts = [heads[name]["x"] for name, _ in ROOMS]
    assert lefts == sorted(lefts), "rooms are not left to right in room order"

    rows: dict[int, set[int]] = {}
    for title, (room, slot) in titles.items():
        card = page.locator(".session-card", has_text=title)
        assert card.is_visible(), title
        b = box(card)
        column = heads[room]
        assert column["x"] - 1 <= _center_x(b) <= column["x"] + column["width"] + 1, (
            f"{title} is not under {room}: {b} vs {column}"
        )
        rows.setdefault(slot, set()).add(round(b["y"]))
    # every session of a slot on one row, the rows in time order
    assert all(len(tops) == 1 for tops in rows.values()), rows
    row_tops = [next(iter(rows[s])) for s in range(len(SLOTS))]
    assert row_tops == sorted(row_tops)
    assert len(set(row_tops)) == len(SLOTS)
    # each row starts with its time, at the left, level with its sessions
    for s, (start, _end) in enumerate(SLOTS):
        time_cell = page.locator(".slot-title", has_text=start)
        tb = box(time_cell)
        assert tb["x"] < heads[ROOMS[0][0]]["x"], f"{start} is not left of the rooms"
        assert abs(tb["y"] - row_tops[s]) <= 2, f"{start} is not level with its row"
    # the phone's jump row is not needed on a grid
    assert not page.locator(".slot-jump").is_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def test_phone_keeps_the_list(live_server, phone, grid_event):
    event, titles = grid_event
    page = phone()
    page.goto(f"{live_server.url}/events/{event.slug}/schedule")
    screenshot(page, "schedule-list-phone-360")

    assert not page.locator(".grid-head").is_visible()
    cards = [box(page.locator(".session-card", has_text=t)) for t in titles]
    xs = {round(b["x"]) for b in cards}
    assert len(xs) == 1, f"cards are not one column on a phone: {xs}"
    assert all(b["width"] > 300 for b in cards)
    assert page.locator(".slot-jump").is_visible()
    assert_no_horizontal_scroll(page)
    assert_tap_targets(page)
    assert_accessible(page)


def test_a_room_filter_on_a_laptop_shows_the_list(live_server, page_at, grid_event):
    event, _titles = grid_event
    page = page_at("laptop")
    page.goto(f"{live_server.url}/events/{event.slug}/schedule?room={event.rooms[1].id}")

    assert not page.locator(".grid-head").is_visible()
    assert page.locator(".session-card:visible").count() == 2
    assert_no_horizontal_scroll(page)
