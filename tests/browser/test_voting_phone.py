"""Two phones vote on the demo event: live updates without reload, offline taps, axe-core."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from edcamp.demo import DEMO_EMAIL, DEMO_PASSWORD, build_demo
from edcamp.events.voting import VotingChange, change_voting
from edcamp.extensions import db
from edcamp.models import Proposal, Vote
from edcamp.signals import event_settings_changed
from tests.browser.conftest import assert_accessible, assert_fits_phone


def join_and_open_votes(page, base: str, event, name: str) -> None:
    page.goto(f"{base}/events/demo/join?code={event.join_code}")
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join").tap()
    page.wait_for_url(f"{base}/events/demo")
    page.goto(f"{base}/events/demo/vote")


def card(page, proposal: Proposal):
    return page.locator(f"#p{proposal.id}")


def test_a_vote_on_one_phone_updates_the_other_without_reload(app, live_server, phone):
    event, _ = build_demo()
    db.session.commit()
    target = db.session.query(Proposal).filter_by(event_id=event.id, hidden=False).first()
    before = db.session.query(Vote).filter_by(proposal_id=target.id).count()
    first, second = phone(), phone()
    join_and_open_votes(first, live_server.url, event, "Phone One")
    join_and_open_votes(second, live_server.url, event, "Phone Two")
    expect(card(second, target).locator(".count")).to_have_text(str(before))
    second.evaluate("window.__same_page = true")

    card(first, target).get_by_role("button", name=re.compile("^Vote for")).tap()

    expect(card(first, target).locator(".vote")).to_have_attribute("aria-pressed", "true")
    expect(first.locator("#votes-left")).to_have_text(str(event.votes_per_attendee - 1))
    expect(card(second, target).locator(".count")).to_have_text(str(before + 1))
    assert second.evaluate("window.__same_page") is True  # no reload happened
    assert first.evaluate("window.__same_page === undefined")  # (first was never marked)
    db.session.rollback()
    assert db.session.query(Vote).filter_by(proposal_id=target.id).count() == before + 1


def test_phone_page_fits_360px_and_passes_axe(app, live_server, phone):
    event, _ = build_demo()
    db.session.commit()
    page = phone()
    join_and_open_votes(page, live_server.url, event, "Axe Tester")
    assert_fits_phone(page)
    assert_accessible(page)
    page.get_by_label("Search proposals").fill("zzzz-no-such-thing")
    expect(page.locator("#no-match")).to_be_visible()


def test_vote_tapped_offline_is_retried_then_saved(app, live_server, phone):
    event, _ = build_demo()
    db.session.commit()
    target = db.session.query(Proposal).filter_by(event_id=event.id, hidden=False).first()
    page = phone()
    join_and_open_votes(page, live_server.url, event, "Offline Phone")
    page.context.set_offline(True)
    card(page, target).get_by_role("button", name=re.compile("^Vote for")).tap()
    expect(card(page, target).locator(".vote-note")).to_contain_text("Not saved yet")
    page.context.set_offline(False)
    expect(card(page, target).locator(".vote-note")).to_have_text("", timeout=15_000)
    expect(card(page, target).locator(".vote")).to_have_attribute("aria-pressed", "true")
    db.session.rollback()
    assert db.session.query(Vote).filter_by(proposal_id=target.id).count() >= 1


def test_projector_board_passes_axe_and_updates_live(app, live_server, page_at, phone):
    event, _ = build_demo()
    db.session.commit()
    screen = page_at("laptop")
    screen.goto(f"{live_server.url}/login")
    screen.get_by_label("Email").fill(DEMO_EMAIL)
    screen.get_by_label("Password").fill(DEMO_PASSWORD)
    screen.get_by_role("button", name="Sign in").click()
    screen.wait_for_url(f"{live_server.url}/dashboard")
    screen.goto(f"{live_server.url}/events/demo/board")
    expect(screen.locator(".join-panel .code")).to_contain_text(event.join_code)
    assert_accessible(screen)
    expect(screen.locator("#live-status")).to_have_text("Live")
    state = screen.locator("#board-state").inner_text()
    before = int(re.search(r"(\d+) votes? cast", state).group(1))
    voter = phone()
    join_and_open_votes(voter, live_server.url, event, "Board Voter")
    voter.locator(".proposal .vote").first.tap()
    cast = "1 vote cast" if before == 0 else f"{before + 1} votes cast"
    expect(screen.locator("#board-state")).to_contain_text(cast)

    screen.goto(f"{live_server.url}/events/demo/moderate")
    expect(screen.get_by_role("heading", name="Possible duplicates")).to_be_visible()
    assert_accessible(screen)


def test_a_scheduled_close_turns_phones_to_closed_when_it_passes(app, live_server, phone):
    event, _ = build_demo()
    change_voting(event, VotingChange(state="open"))
    db.session.commit()
    page = phone()
    join_and_open_votes(page, live_server.url, event, "Clock Watcher")
    expect(page.locator("#voting-state")).to_have_attribute("data-state", "open")
    # The organizer schedules the close two seconds ahead; then nobody does anything.
    db.session.rollback()  # (a fresh look at what the server wrote meanwhile)
    change_voting(event, VotingChange(closes_at=datetime.now(UTC) + timedelta(seconds=2)))
    db.session.commit()
    event_settings_changed.send(event)
    expect(page.locator("#voting-state")).to_have_attribute("data-state", "closed", timeout=8_000)
    expect(page.locator("#voting-state")).to_have_text("Voting is closed")
