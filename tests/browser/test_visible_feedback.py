"""What a person sees after a tap: filters really hide cards, the vote budget message shows
on the tapped card, and the editor's "Cancel move" shows only while a move is under way."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from edcamp.demo import DEMO_EMAIL, DEMO_PASSWORD, build_demo
from edcamp.extensions import db
from tests.browser.flows import join, sign_in
from tests.browser.judge import assert_visible_in_viewport, box, screenshot, visible_count


def _vote_page(phone, live_server, name="Filter Phone"):
    event, _ = build_demo()
    db.session.commit()
    page = phone()
    join(page, live_server.url, event, name)
    page.goto(f"{live_server.url}/events/demo/vote")
    return page, event


def test_search_and_tag_filter_hide_the_other_cards(app, live_server, phone):
    page, _ = _vote_page(phone, live_server)
    cards = page.locator("li.proposal")
    total = cards.count()
    assert visible_count(cards) == total > 10

    title = cards.nth(3).locator(".proposal-title").inner_text()
    page.get_by_label("Search proposals").fill(title)
    expect(cards.nth(3)).to_be_visible()
    assert 1 <= visible_count(cards) < total
    shown = [cards.nth(i).inner_text().lower() for i in range(total) if cards.nth(i).is_visible()]
    assert all(title.lower() in text for text in shown)

    page.get_by_label("Search proposals").fill("")
    assert visible_count(cards) == total
    chip = page.locator(".chip").first
    tag = chip.get_attribute("data-tag")
    chip.click()
    tagged = page.locator(f'li.proposal[data-tags~="{tag}"]').count()
    assert visible_count(cards) == tagged < total


def test_vote_past_the_budget_says_so_on_the_tapped_card(app, live_server, phone):
    page, event = _vote_page(phone, live_server, "Budget Phone")
    vote_buttons = page.get_by_role("button", name=re.compile("^Vote for"))
    for i in range(event.votes_per_attendee):
        vote_buttons.nth(i).tap()
        expect(vote_buttons.nth(i)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#votes-left")).to_have_text("0")

    far = page.locator("li.proposal").nth(25)
    far.scroll_into_view_if_needed()
    far.locator(".vote").tap()

    note = far.locator(".card-notice")
    screenshot(page, "attendee-vote-budget-note-360", full_page=False)
    expect(note).to_contain_text(f"All {event.votes_per_attendee} votes used")
    assert_visible_in_viewport(page, note, what="the budget message")
    tapped = box(far.locator(".vote"))
    assert abs(box(note)["y"] - tapped["y"]) < 200, "the message is far from the tapped button"
    expect(far.locator(".vote")).to_have_attribute("aria-pressed", "false")


def test_cancel_move_shows_only_while_a_session_is_selected(app, live_server, page_at):
    build_demo()
    db.session.commit()
    page = page_at("laptop")
    sign_in(page, live_server.url, DEMO_EMAIL, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/events/demo/schedule/edit")
    page.get_by_role("button", name="Rebuild (keeps pins)").click()
    page.get_by_role("button", name="Save this grid").click()
    expect(page.locator("#sched-status")).to_contain_text("Saved the rebuilt grid")
    cancel = page.get_by_role("button", name="Cancel move", include_hidden=True)
    expect(cancel).to_be_hidden()

    page.locator(".sched-grid .session .session-title").first.click()
    expect(cancel).to_be_visible()
    cancel.click()
    expect(cancel).to_be_hidden()


def test_editor_says_clashes_in_plain_words(app, live_server, page_at):
    build_demo()
    db.session.commit()
    page = page_at("laptop")
    sign_in(page, live_server.url, DEMO_EMAIL, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/events/demo/schedule/edit")
    page.get_by_role("button", name="Rebuild (keeps pins)").click()
    expect(page.locator("#sched-status")).to_contain_text(re.compile("Rebuilt|Preview ready"))
    if page.locator("#sched-rebuild-save").is_visible():  # a grid existed: save the preview
        page.locator("#sched-rebuild-save").click()
        expect(page.locator("#sched-status")).to_contain_text("Saved")
    metas = page.locator(".sched-grid .session-meta").all_inner_texts()
    assert not [m for m in metas if "voters)" in m or m.startswith("conflicts ")]
    wording = re.compile(r"^(No clashes|1 person wanted|\d+ people wanted)")
    clashes = [m for m in metas if "clash" in m or "wanted" in m]
    assert clashes
    assert all(wording.match(m) for m in clashes), clashes
