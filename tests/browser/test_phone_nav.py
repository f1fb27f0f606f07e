"""The phone around the event: a bottom bar on attendee pages, the logo back to the joined
event, the hub's "your next session", and a right votes-left count after an undone merge."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from edcamp.demo import build_demo
from edcamp.extensions import db
from edcamp.models import Attendee, Proposal, Star
from edcamp.proposals import merging
from edcamp.signals import board_changed
from tests.browser.flows import join
from tests.browser.judge import assert_no_overlap, assert_visible_in_viewport, screenshot
from tests.contacts.conftest import build_scene


def test_bottom_bar_stays_in_view_and_leads_everywhere(
    app, live_server, phone, make_organizer, make_event, make_attendee
):
    scene = build_scene(make_organizer, make_event, make_attendee)
    page = phone()
    join(page, live_server.url, scene.event, "Bar Tapper")
    page.goto(f"{live_server.url}/events/{scene.event.slug}/schedule")
    page.mouse.wheel(0, 3000)
    bar = page.get_by_role("navigation", name="Event")
    for label, path in [
        ("Vote", "/vote"),
        ("Schedule", "/schedule"),
        ("My day", "/schedule?mine=1"),
        ("Follow-up", "/me/follow-up"),
    ]:
        link = bar.get_by_role("link", name=label, exact=True)
        assert_visible_in_viewport(page, link, what=f"bottom bar {label}")
        link.tap()
        page.wait_for_url(f"{live_server.url}/events/{scene.event.slug}{path}")
        expect(bar.get_by_role("link", name=label, exact=True)).to_have_attribute(
            "aria-current", "page"
        )
        assert_no_overlap(page, ".attendee-bar a", gap=2)
    # the last thing on the page is not hidden under the bar
    page.mouse.wheel(0, 5000)
    last = page.locator("main > *").last
    assert last.bounding_box()["y"] + last.bounding_box()["height"] <= bar.bounding_box()["y"] + 1

    page.get_by_role("link", name="edcamp", exact=True).tap()
    page.wait_for_url(f"{live_server.url}/events/{scene.event.slug}")


def test_hub_shows_the_next_session_once_published(
    app, live_server, phone, make_organizer, make_event, make_attendee
):
    scene = build_scene(make_organizer, make_event, make_attendee)
    page = phone()
    join(page, live_server.url, scene.event, "Hub Reader")
    db.session.rollback()
    reader = db.session.query(Attendee).filter_by(name="Hub Reader").one()
    db.session.add(Star(attendee_id=reader.id, proposal_id=scene.podcasts.id))
    db.session.commit()
    page.goto(f"{live_server.url}/events/{scene.event.slug}")
    card = page.locator("#next-up")
    expect(card).to_contain_text("Your next session")
    expect(card).to_contain_text("Podcasts")
    expect(card).to_contain_text(f"{scene.event.rooms[1].name}, 10:30")
    screenshot(page, "attendee-hub-next-session-360")


def test_votes_left_is_right_after_a_merge_is_undone(app, live_server, phone):
    event, _ = build_demo()
    db.session.commit()
    page = phone()
    join(page, live_server.url, event, "Merge Watcher")
    page.goto(f"{live_server.url}/events/demo/vote")
    cards = page.locator("li.proposal")
    first, second = cards.nth(0), cards.nth(1)
    source_id, target_id = int(second.get_attribute("data-id")), int(first.get_attribute("data-id"))
    for card in (first, second):
        card.get_by_role("button", name=re.compile("^Vote for")).tap()
        expect(card.locator(".vote")).to_have_attribute("aria-pressed", "true")
    left = event.votes_per_attendee - 2
    expect(page.locator("#votes-left")).to_have_text(str(left))

    db.session.rollback()
    record = merging.merge_proposals(
        event, db.session.get(Proposal, source_id), db.session.get(Proposal, target_id)
    )
    db.session.commit()
    board_changed.send(event)
    expect(page.locator(f"#p{source_id}")).to_have_count(0)
    expect(page.locator("#votes-left")).to_have_text(str(left + 1))  # one vote on both: freed

    merging.undo_merge(event, record)
    db.session.commit()
    board_changed.send(event)
    expect(page.locator(f"#p{source_id}")).to_have_count(1)
    expect(page.locator("#votes-left")).to_have_text(str(left))


def test_schedule_jumps_to_now_and_filters_without_an_extra_tap(
    app, live_server, phone, make_organizer, make_event, make_attendee
):
    scene = build_scene(make_organizer, make_event, make_attendee)
    page = phone()
    join(page, live_server.url, scene.event, "Jumper")
    page.goto(f"{live_server.url}/events/{scene.event.slug}/schedule")
    jump = page.get_by_role("navigation", name="Jump to a time")
    expect(jump.get_by_role("link")).to_have_text(["Now", "10:30", "12:15"])
    jump.get_by_role("link", name="12:15").tap()
    later = page.locator(f"#slot-{scene.event.slots[1].id}")
    assert_visible_in_viewport(page, later.locator(".slot-title"), what="the 12:15 slot")
    expect(page.get_by_role("button", name="Filter")).to_be_hidden()

    page.get_by_label("Tag", exact=True).select_option("media")
    page.wait_for_url(re.compile(r"tag=media"))
    expect(page.locator(".session-card")).to_have_count(1)
    expect(page.locator(".session-card")).to_contain_text("Podcasts")
