"""The grid editor on a 1366 px laptop: the demo's 8 rooms fit, more rooms scroll sideways with
the time column fixed (and only as wide as its times); publishing shows what changes and asks
once, and never publishes a draft other than the one shown."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from edcamp.demo import DEMO_EMAIL, DEMO_PASSWORD, build_demo
from edcamp.extensions import db
from edcamp.models import Schedule
from edcamp.proposals.service import ProposalText, create_proposal
from edcamp.scheduling import rebuild
from edcamp.scheduling import service as scheduling
from tests.browser.conftest import assert_accessible
from tests.browser.flows import sign_in
from tests.browser.judge import (
    assert_no_horizontal_scroll,
    assert_no_overlap,
    assert_visible_in_viewport,
    box,
    screenshot,
)
from tests.browser.test_content_security_policy import watch

# Every visible thing in a grid cell stays inside that cell (nothing spills into the next room).
_SPILLS = """() => [...document.querySelectorAll('#sched-grid td')].flatMap(td => {
  const c = td.getBoundingClientRect();
  return [...td.querySelectorAll('*')].filter(el => el.checkVisibility()).filter(el => {
    const r = el.getBoundingClientRect();
    return r.width && (r.left < c.left - 0.5 || r.right > c.right + 0.5);
  }).map(el => el.outerHTML.slice(0, 80));
})"""
# The widest line of text in the time column, measured on the text itself.
_TIME_TEXT = """() => Math.max(...[
  ...document.querySelectorAll('#sched-grid th.time span')].map(s => {
  const range = document.createRange(); range.selectNodeContents(s);
  return range.getBoundingClientRect().width; }))"""


def _open_editor(page_at, live_server, slug: str, email: str, password: str | None = None):
    page = page_at("laptop")
    page.csp = watch(page)
    if password:
        sign_in(page, live_server.url, email, password)
    else:
        sign_in(page, live_server.url, email)
    page.goto(f"{live_server.url}/events/{slug}/schedule/edit")
    expect(page.locator("#sched-grid")).to_be_visible()
    return page


def _versions(event) -> int:
    db.session.rollback()
    return (
        db.session.query(Schedule)
        .filter(Schedule.event_id == event.id, Schedule.version.is_not(None))
        .count()
    )


def _assert_time_column_fits_its_times(page) -> float:
    column = box(page.locator("#sched-grid tbody th.time").first)
    text = page.evaluate(_TIME_TEXT)
    assert column["width"] <= text + 16, f"time column {column['width']}px for {text}px of text"
    return column["width"]


def test_the_demos_eight_rooms_fit_a_laptop(app, live_server, page_at):
    event, _ = build_demo(publish_schedule=True)
    db.session.commit()
    page = _open_editor(page_at, live_server, "demo", DEMO_EMAIL, DEMO_PASSWORD)

    assert len(event.rooms) == 8
    wrap = page.locator("#sched-grid-wrap")
    assert page.evaluate("(w => w.scrollWidth - w.clientWidth)", wrap.element_handle()) <= 0
    assert_no_horizontal_scroll(page)
    for head in page.locator("#sched-grid thead th").all():
        b = box(head)
        assert b["x"] >= 0, f"{head.inner_text()} is off screen"
        assert b["x"] + b["width"] <= 1366, f"{head.inner_text()} is off screen"
    assert page.evaluate(_SPILLS) == []
    assert_no_overlap(page, "#sched-grid .session-title, #sched-grid .button")
    _assert_time_column_fits_its_times(page)
    assert_accessible(page)
    screenshot(page, "organizer-editor-8-rooms-1366")


def test_twelve_rooms_scroll_sideways_with_the_time_column_fixed(
    app, live_server, page_at, make_event, make_attendee
):
    rooms = [(f"Room {100 + k}", 20 + k) for k in range(12)]
    event = make_event(rooms=rooms, slots=[("09:00", "09:50"), ("10:00", "10:50")])
    person = make_attendee(event, name="Pat")[0]
    for k in range(24):
        create_proposal(event, ProposalText(title=f"Session number {k + 1}"), by=person)
    db.session.commit()
    rebuild.build(event, time_limit_s=5, seed=1)
    db.session.commit()
    page = _open_editor(page_at, live_server, event.slug, event.organizers[0].email)

    wrap = page.locator("#sched-grid-wrap")
    handle = wrap.element_handle()
    assert page.evaluate("(w => w.scrollWidth - w.clientWidth)", handle) > 0  # it scrolls...
    assert_no_horizontal_scroll(page)  # ...inside its box, not the page
    time_cell = page.locator("#sched-grid tbody th.time").first
    time_cell.scroll_into_view_if_needed()
    before = box(time_cell)
    width = _assert_time_column_fits_its_times(page)

    page.evaluate("(w => { w.scrollLeft = w.scrollWidth; })", handle)
    page.wait_for_function("(w => w.scrollLeft > 0)", arg=handle)
    after = box(time_cell)
    assert abs(after["x"] - before["x"]) < 1, "the time column scrolled away"
    assert_visible_in_viewport(page, time_cell, what="the time column after scrolling")
    # nothing shows through or over it: the point in its middle is the time cell itself
    hit = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('th.time') !== null",
        [after["x"] + width / 2, after["y"] + after["height"] / 2],
    )
    assert hit, "a grid cell covers the fixed time column"
    last = page.locator("#sched-grid thead th").last
    assert box(last)["x"] + box(last)["width"] <= box(wrap)["x"] + box(wrap)["width"] + 1
    assert page.evaluate(_SPILLS) == []
    screenshot(page, "organizer-editor-12-rooms-scrolled-1366", full_page=False)


def test_publish_shows_what_changes_and_asks_once(app, live_server, page_at):
    event, _ = build_demo(publish_schedule=True)
    db.session.commit()
    draft = scheduling.draft_state(event)
    (a, cell_a), (b, cell_b) = sorted(draft.assignments.items())[:2]
    scheduling.move(event, a, *cell_b, swap=True)
    db.session.commit()
    page = _open_editor(page_at, live_server, "demo", DEMO_EMAIL, DEMO_PASSWORD)
    status = page.locator("#sched-status")

    page.get_by_role("button", name="Publish…").click()
    summary = page.locator("#sched-publish-summary")
    expect(summary).to_have_text(
        "Publishing version 2 changes 2 sessions for attendees: 2 sessions moved."
    )
    assert_visible_in_viewport(page, summary, what="what publishing changes")
    items = page.locator("#sched-publish-list li")
    expect(items).to_have_count(2)
    titles = {p.id: p.title for p in scheduling.visible_proposals(event)}
    rooms = {r.id: r.name for r in event.rooms}
    slots = {s.id: f"{s.starts_at:%H:%M}" for s in event.slots}
    expect(page.locator("#sched-publish-list")).to_contain_text(
        f"“{titles[a]}” moves: {slots[cell_a[1]]} {rooms[cell_a[0]]} → "
        f"{slots[cell_b[1]]} {rooms[cell_b[0]]}"
    )
    expect(page.locator("#sched-publish-list")).to_contain_text(f"“{titles[b]}” moves:")
    assert _versions(event) == 1  # asking publishes nothing
    assert_accessible(page)
    screenshot(page, "organizer-editor-publish-diff-1366", full_page=False)

    page.get_by_role("button", name="Publish version 2").dblclick()  # a double click: once
    expect(status).to_contain_text("Published version 2. 2 sessions moved.")
    expect(page.locator("#sched-publish-preview")).to_be_hidden()
    assert _versions(event) == 2

    # the draft changes after the organizer looked: not published, told why, asked again
    page.get_by_role("button", name="Publish…").click()
    expect(summary).to_contain_text("Nothing changed since version 2")
    scheduling.take_off(event, a)
    db.session.commit()
    page.get_by_role("button", name="Publish version 3").click()
    expect(status).to_contain_text("The draft changed since you looked")
    assert _versions(event) == 2
    page.get_by_role("button", name="Publish…").click()
    expect(summary).to_contain_text("changes 1 session for attendees: 1 session taken off.")
    expect(items).to_have_text(
        [f"“{titles[a]}” is taken off (was {slots[cell_b[1]]} {rooms[cell_b[0]]})"]
    )
    page.get_by_role("button", name="Not now").click()
    expect(page.locator("#sched-publish-preview")).to_be_hidden()
    expect(status).to_have_text("Not published.")
    assert _versions(event) == 2
    assert page.csp == []


@pytest.mark.parametrize("width", [360])
def test_the_editor_on_a_phone_scrolls_only_its_grid(app, live_server, browser, width):
    build_demo(publish_schedule=True)
    db.session.commit()
    context = browser.new_context(viewport={"width": width, "height": 740}, is_mobile=True)
    try:
        page = context.new_page()
        sign_in(page, live_server.url, DEMO_EMAIL, DEMO_PASSWORD)
        page.goto(f"{live_server.url}/events/demo/schedule/edit")
        expect(page.locator("#sched-grid")).to_be_visible()
        assert_no_horizontal_scroll(page)
        _assert_time_column_fits_its_times(page)
        screenshot(page, "organizer-editor-360", full_page=False)
    finally:
        context.close()
