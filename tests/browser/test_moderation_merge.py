"""Merging duplicates as an organizer sees it: the duplicate finder suggests near-synonyms,
Merge asks which proposal to keep with both titles on screen and confirms; Undo is there while
it can work, and when it cannot the page says why."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from edcamp.extensions import db
from edcamp.models import Proposal, Vote
from edcamp.proposals.service import ProposalText, create_proposal
from edcamp.voting.service import Voter, vote
from tests.browser.conftest import assert_accessible
from tests.browser.flows import sign_in
from tests.browser.judge import (
    assert_no_horizontal_scroll,
    assert_tap_targets,
    assert_visible_in_viewport,
    box,
    overlaps,
    screenshot,
)

AI = "AI in the classroom"
CHATGPT = "ChatGPT & AI tools in class"


@pytest.fixture
def duplicates(app, make_event, make_attendee):
    event = make_event(name="Edcamp Merge", votes_per_attendee=3)
    people = [make_attendee(event, name=f"Teacher {k}")[0] for k in range(4)]
    ai = create_proposal(event, ProposalText(title=AI), by=people[0])
    chat = create_proposal(event, ProposalText(title=CHATGPT), by=people[1])
    create_proposal(event, ProposalText(title="Phones in class"), by=people[2])
    db.session.commit()
    for person in people[:3]:
        vote(event.slug, ai.id, Voter.of(person))
    for person in people[2:]:
        vote(event.slug, chat.id, Voter.of(person))
    db.session.commit()
    return event, ai.id, chat.id


def _votes(proposal_id: int) -> int:
    db.session.rollback()
    return db.session.query(Vote).filter_by(proposal_id=proposal_id).count()


@pytest.mark.parametrize("viewport", ["phone", "laptop"])
def test_merge_asks_which_to_keep_confirms_and_undo_says_why_not(
    app, live_server, page_at, duplicates, viewport
):
    event, ai, chat = duplicates
    page = page_at(viewport)
    sign_in(page, live_server.url, event.organizers[0].email)
    page.goto(f"{live_server.url}/events/{event.slug}/moderate")

    assert_no_horizontal_scroll(page)
    assert_tap_targets(page)
    # the near-synonyms are suggested, and only they
    suggestions = page.locator("#duplicates li")
    expect(suggestions).to_have_count(1)
    expect(suggestions.first).to_contain_text(AI)
    expect(suggestions.first).to_contain_text(CHATGPT)
    suggestions.first.get_by_role("link", name="Merge").click()

    # both titles on screen, nothing chosen for the organizer
    page.wait_for_url("**/moderate/merge?**")
    keep_ai = page.get_by_role("radio", name=AI)
    keep_chat = page.get_by_role("radio", name=CHATGPT)
    expect(keep_ai).not_to_be_checked()
    expect(keep_chat).not_to_be_checked()
    cards = page.locator(".merge-option")
    for k in range(2):
        cards.nth(k).scroll_into_view_if_needed()
        assert_visible_in_viewport(page, cards.nth(k), what=f"proposal card {k + 1}")
    assert not overlaps(box(cards.nth(0)), box(cards.nth(1)))
    if viewport == "laptop":  # side by side
        assert abs(box(cards.nth(0))["y"] - box(cards.nth(1))["y"]) < 1
    assert_no_horizontal_scroll(page)
    assert_tap_targets(page)
    assert_accessible(page)
    screenshot(page, f"organizer-merge-choice-{viewport}")

    # "Merge" without a choice asks again, and merges nothing
    page.get_by_role("button", name="Merge").click()
    error = page.locator("#keep-error")
    expect(error).to_have_text("Choose the proposal to keep.")
    assert_visible_in_viewport(page, error, what="the choice error")
    assert db.session.get(Proposal, chat).merged_into_id is None

    # keep the second: the first is merged into it
    page.locator(".merge-option", has_text=CHATGPT).click()
    expect(page.get_by_role("radio", name=CHATGPT)).to_be_checked()
    page.get_by_role("button", name="Merge").click()
    flash = page.locator(".flash-success")
    expect(flash).to_contain_text(f"Merged: kept “{CHATGPT}”.")
    assert_visible_in_viewport(page, flash.first, what="the merge confirmation")
    assert _stored_merged_into(ai) == chat
    assert _votes(chat) == 4  # the union: Teacher 2 voted for both

    # undo is offered while it can work...
    merges = page.locator("#merges")
    undo = merges.get_by_role("button", name="Undo")
    expect(undo).to_be_visible()
    undo.click()
    expect(page.locator(".flash-success")).to_contain_text(f"Merge undone: “{AI}” is back")
    assert _stored_merged_into(ai) is None
    assert (_votes(ai), _votes(chat)) == (3, 2)

    # ...and once voting is closed the page says why it cannot
    page.goto(f"{live_server.url}/events/{event.slug}/moderate/merge?a={ai}&b={chat}")
    page.locator(".merge-option", has_text=AI).click()
    page.get_by_role("button", name="Merge").click()
    page.locator("#voting").get_by_role("button", name="Close voting now").click()
    expect(page.locator(".flash-success")).to_contain_text("Voting is closed.")
    row = page.locator("#merges li").first
    expect(row).to_contain_text("Can’t undo: Voting is closed")
    expect(row).to_contain_text("open voting again to undo this merge")
    expect(row.get_by_role("button", name="Undo")).to_have_count(0)
    row.scroll_into_view_if_needed()
    assert_visible_in_viewport(page, row.locator(".undo-blocked"), what="why undo is not offered")
    assert_accessible(page)
    screenshot(page, f"organizer-merge-undo-blocked-{viewport}")


def _stored_merged_into(proposal_id: int) -> int | None:
    db.session.rollback()
    return db.session.get(Proposal, proposal_id).merged_into_id
