"""The grid editor in a browser: build, drag, pin, move by tap, rebuild, publish."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from edcamp.demo import DEMO_EMAIL, DEMO_PASSWORD, build_demo
from edcamp.extensions import db
from edcamp.models import Schedule
from tests.browser.conftest import assert_accessible


def _draft(event) -> dict[int, tuple[int, int, bool]]:
    db.session.rollback()  # end the test's read snapshot
    draft = db.session.scalar(
        db.select(Schedule).where(Schedule.event_id == event.id, Schedule.version.is_(None))
    )
    return {e.proposal_id: (e.room_id, e.slot_id, e.pinned) for e in draft.entries}


def _drag(page, source, target) -> None:
    """Drag with real pointer moves (SortableJS runs in fallback mode: mouse and touch alike)."""
    page.evaluate("document.getElementById('sched-grid').scrollIntoView({block: 'start'})")
    box, goal = source.bounding_box(), target.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    x, y = goal["x"] + goal["width"] / 2, goal["y"] + goal["height"] / 2
    for k in range(1, 11):
        page.mouse.move(
            box["x"] + (x - box["x"]) * k / 10, box["y"] + (y - box["y"]) * k / 10, steps=2
        )
    page.mouse.up()


@pytest.mark.parametrize("viewport", ["laptop", "tablet"])
def test_organizer_builds_adjusts_and_publishes_the_grid(app, live_server, page_at, viewport):
    event, _ = build_demo()
    db.session.commit()
    page = page_at(viewport)
    page.goto(f"{live_server.url}/login")
    page.get_by_label("Email").fill(DEMO_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/dashboard")
    page.goto(f"{live_server.url}/events/demo/schedule/edit")
    status = page.locator("#sched-status")

    # build
    page.get_by_role("button", name="Rebuild (keeps pins)").click()
    page.get_by_role("button", name="Save this grid").click()
    expect(status).to_contain_text("Saved the rebuilt grid")
    expect(page.locator("#sched-metrics")).to_contain_text("Conflicts:")
    assert_accessible(page)
    built = _draft(event)
    assert len(built) == len(event.rooms) * len(event.slots)

    # drag the session of the first cell to a cell of another slot (a swap)
    rooms, slots = event.rooms, event.slots
    first = next(p for p, c in built.items() if c[:2] == (rooms[0].id, slots[0].id))
    goal = (rooms[1].id, slots[1].id)
    other = next(p for p, c in built.items() if c[:2] == goal)
    _drag(
        page,
        page.locator(f'.session[data-proposal="{first}"] .session-title'),
        page.locator(f'.cell-drop[data-room="{goal[0]}"][data-slot="{goal[1]}"]'),
    )
    expect(status).to_contain_text("Moved")
    after_drag = _draft(event)
    assert after_drag[first] == (*goal, True)  # moved and pinned
    assert after_drag[other][:2] == (rooms[0].id, slots[0].id)

    # pin the swapped one where it landed
    page.locator(f'.session[data-proposal="{other}"]').get_by_role("button", name="Pin").click()
    expect(status).to_contain_text("Pinned")
    assert _draft(event)[other][2] is True

    # move by tap/keyboard: select a session, the preview shows, then choose a cell
    third_cell = (rooms[2].id, slots[0].id)
    third = next(p for p, c in _draft(event).items() if c[:2] == third_cell)
    page.locator(f'.session[data-proposal="{third}"] .session-title').click()
    target = page.locator(f'.cell-drop[data-room="{rooms[3].id}"][data-slot="{slots[2].id}"]')
    expect(target.locator(".badge")).to_be_visible()  # what the move would cause
    target.locator(".move-here").click()
    expect(status).to_contain_text("Moved")
    assert _draft(event)[third][:2] == (rooms[3].id, slots[2].id)

    # rebuild keeps the pins
    page.get_by_role("button", name="Rebuild (keeps pins)").click()
    page.get_by_role("button", name="Save this grid").click()
    expect(status).to_contain_text("Saved the rebuilt grid")
    rebuilt = _draft(event)
    assert rebuilt[first][:2] == goal
    assert rebuilt[other][:2] == (rooms[0].id, slots[0].id)
    assert rebuilt[third][:2] == (rooms[3].id, slots[2].id)

    # publish
    page.get_by_role("button", name="Publish…").click()
    expect(page.locator("#sched-publish-summary")).to_contain_text("first published schedule")
    page.get_by_role("button", name="Publish version 1").click()
    expect(status).to_contain_text("Published version 1")
    expect(page.locator("#sched-changes")).to_contain_text("No changes since publishing")
    assert_accessible(page)
