"""Constraints and stable rebuilds as an organizer sees them in the grid editor."""

from __future__ import annotations

from datetime import time

from playwright.sync_api import expect

from edcamp.demo import DEMO_EMAIL, DEMO_PASSWORD, build_demo
from edcamp.events import rooms_and_slots
from edcamp.extensions import db
from edcamp.models import BlockedCell, Schedule
from edcamp.scheduling import rebuild
from edcamp.scheduling.service import visible_proposals
from edcamp.scheduling.versions import publish
from tests.browser.conftest import assert_accessible
from tests.browser.flows import sign_in
from tests.browser.judge import assert_visible_in_viewport, screenshot


def _draft(event) -> dict[int, tuple[int, int]]:
    db.session.rollback()
    draft = db.session.scalar(
        db.select(Schedule).where(Schedule.event_id == event.id, Schedule.version.is_(None))
    )
    return {e.proposal_id: (e.room_id, e.slot_id) for e in draft.entries}


def test_editor_shows_breaks_doubles_needs_and_why_a_proposal_is_off(app, live_server, page_at):
    event, _ = build_demo()
    rooms_and_slots.add_slot(event, time(12, 25), time(13, 15), "Lunch")
    proposals = sorted(visible_proposals(event), key=lambda p: p.id)
    double, kitchen = proposals[0], proposals[1]
    double.length = 2
    kitchen.needs = ["kitchen"]
    rebuild.build(event, time_limit_s=1.0)
    db.session.commit()
    page = page_at("laptop")
    sign_in(page, live_server.url, DEMO_EMAIL, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/events/demo/schedule/edit")

    lunch = page.locator("tr.break-row").filter(has_text="Lunch")
    expect(lunch).to_be_visible()
    expect(lunch.locator(".session")).to_have_count(0)
    expect(page.locator("td.continued").filter(has_text=double.title)).to_be_visible()
    off = page.locator(f'#sched-left [data-proposal="{kitchen.id}"]')
    expect(off).to_contain_text("No room has everything it needs")
    expect(off).to_contain_text("kitchen")
    label = lunch.locator(".break-label")
    label.scroll_into_view_if_needed()
    assert_visible_in_viewport(page, label, what="the lunch label")
    screenshot(page, "schedule-editor-constraints")
    assert_accessible(page)


def test_a_rebuild_shows_its_published_moves_before_saving(app, live_server, page_at):
    event, _ = build_demo()
    rebuild.build(event, time_limit_s=1.0)
    publish(event)
    db.session.commit()
    published = _draft(event)
    # a room closes after the publish: its sessions have to move
    room = event.rooms[0]
    for slot in event.slots:
        db.session.add(BlockedCell(room_id=room.id, slot_id=slot.id, event_id=event.id))
    db.session.commit()
    leaving = sorted(p for p, c in published.items() if c[0] == room.id)
    page = page_at("laptop")
    sign_in(page, live_server.url, DEMO_EMAIL, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/events/demo/schedule/edit")
    page.get_by_label("Cost of moving a published session").fill("1000")

    page.get_by_role("button", name="Rebuild (keeps pins)").click()

    summary = page.locator("#sched-rebuild-summary")
    expect(summary).to_contain_text(f"This rebuild moves {len(leaving)} published session")
    expect(page.locator("#sched-rebuild-moves li")).to_have_count(len(leaving))
    expect(page.locator("#sched-rebuild-metrics")).to_contain_text("counts as 1000")
    screenshot(page, "schedule-editor-rebuild-preview", full_page=False)
    assert _draft(event) == published  # nothing saved yet

    page.get_by_role("button", name="Save this grid").click()

    expect(page.locator("#sched-status")).to_contain_text("Saved the rebuilt grid")
    after = _draft(event)
    assert all(after.get(p) == c for p, c in published.items() if p not in leaving)
    assert not any(c[0] == room.id for c in after.values())


def test_an_organizer_marks_a_facilitator_away_from_the_editor(app, live_server, page_at):
    event, _ = build_demo()
    rebuild.build(event, time_limit_s=1.0)
    db.session.commit()
    grid = _draft(event)
    session = next(
        p
        for p in sorted(visible_proposals(event), key=lambda p: p.id)
        if p.id in grid and p.facilitators
    )
    leader = session.facilitators[0].attendee
    slot_id = grid[session.id][1]
    page = page_at("laptop")
    sign_in(page, live_server.url, DEMO_EMAIL, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/events/demo/schedule/edit")

    row = page.locator(f'#sched-away [data-attendee="{leader.id}"]')
    row.scroll_into_view_if_needed()
    expect(row).to_contain_text(session.title)
    box = row.locator(f'input[value="{slot_id}"]')
    box.check()
    row.get_by_role("button", name="Save").click()

    expect(page.locator("#sched-away-status")).to_contain_text("availability")
    expect(page.locator("#sched-away-status")).to_contain_text("in a slot they can't make")
    expect(page.locator("#sched-warnings")).to_contain_text(session.title)
    card = page.locator(f'#sched-grid .session[data-proposal="{session.id}"]')
    expect(card).to_contain_text("A facilitator can't make this slot")
    db.session.rollback()
    assert db.session.get(type(leader), leader.id).unavailable_slot_ids == [slot_id]
    expect(row.locator(f'input[value="{slot_id}"]')).to_be_checked()
    assert_visible_in_viewport(page, row.get_by_role("button", name="Save"), what="Save")
    screenshot(page, "schedule-editor-availability", full_page=False)
    assert_accessible(page)


def test_the_availability_card_fits_a_phone(app, live_server, page_at):
    event, _ = build_demo()
    rebuild.build(event, time_limit_s=1.0)
    db.session.commit()
    page = page_at("phone")
    sign_in(page, live_server.url, DEMO_EMAIL, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/events/demo/schedule/edit")

    first = page.locator("#sched-away .away-row").first
    first.scroll_into_view_if_needed()
    assert_visible_in_viewport(page, first.get_by_role("button", name="Save"), what="Save")
    assert page.evaluate(
        "document.querySelector('#sched-away').scrollWidth"
        " <= document.querySelector('#sched-away').clientWidth"
    )
    screenshot(page, "schedule-editor-availability-phone", full_page=False)
