"""The vote cards are short again: no "Show my name" box on each. The question comes once, on
its own page, the first time this phone offers to lead a session; after that one tap."""

from __future__ import annotations

from playwright.sync_api import expect

from edcamp.attendees.public import SHOW_NAME_LABEL
from edcamp.extensions import db
from edcamp.models import Attendee
from tests.browser.conftest import assert_accessible
from tests.browser.flows import join
from tests.browser.judge import (
    assert_no_horizontal_scroll,
    assert_tap_targets,
    assert_visible_in_viewport,
    box,
    screenshot,
)
from tests.contacts.conftest import propose


def show_name_of(name: str) -> bool:
    db.session.rollback()  # a fresh read, and no lock left on SQLite for the server's writes
    value = db.session.query(Attendee).filter_by(name=name).one().show_name
    db.session.rollback()
    return value


def test_leading_asks_for_the_name_once_and_cards_stay_short(
    live_server, phone, make_event, make_attendee
):
    event = make_event()
    host, _token = make_attendee(event, "Hana Host")
    for title in ("Robotics club", "Podcasts with students", "Maker space"):
        propose(event, host, title)
    db.session.commit()
    slug = event.slug
    db.session.rollback()  # the server writes next: hold no read open on SQLite
    page = phone()
    join(page, live_server.url, event, "Pat Phone")
    page.goto(f"{live_server.url}/events/{slug}/vote")
    screenshot(page, "vote-cards-no-name-box-360")

    cards = page.locator("li.proposal")
    assert cards.count() == 3
    assert page.locator("li.proposal input[type=checkbox]").count() == 0
    for i in range(3):
        b = box(cards.nth(i))
        # title, vote button and one "I can co-facilitate" line: no consent box on each card
        assert b["height"] < 170, f"card {i} is {b['height']:.0f}px tall"
    assert_tap_targets(page)

    card = page.locator("li.proposal", has_text="Robotics club")
    card.get_by_role("button", name="I can co-facilitate").click()
    # the question, once, on its own page
    box_label = page.get_by_label(str(SHOW_NAME_LABEL))
    assert_visible_in_viewport(page, box_label, what="the name question")
    assert not box_label.is_checked()  # unticked when joining: unticked here
    screenshot(page, "lead-name-question-360")
    assert_no_horizontal_scroll(page)
    assert_tap_targets(page)
    assert_accessible(page)
    box_label.check()
    page.get_by_role("button", name="I can co-facilitate").click()
    expect(page.get_by_text("You are a facilitator of “Robotics club”")).to_be_visible()
    assert show_name_of("Pat Phone") is True

    # the next offer: one tap, no question, the answer kept
    other = page.locator("li.proposal", has_text="Maker space")
    other.get_by_role("button", name="I can co-facilitate").click()
    expect(page.get_by_text("You are a facilitator of “Maker space”")).to_be_visible()
    assert page.get_by_label(str(SHOW_NAME_LABEL)).count() == 0
    expect(page.locator("#name-answer")).to_contain_text("Your name shows on the sessions you lead")
    assert show_name_of("Pat Phone") is True
