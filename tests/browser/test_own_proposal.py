"""A proposer's own card: no offer to co-facilitate it, and an Edit button of full size."""

from __future__ import annotations

from playwright.sync_api import expect

from edcamp.extensions import db
from edcamp.models import Attendee
from tests.browser.flows import join
from tests.browser.judge import assert_tap_targets, box, screenshot
from tests.contacts.conftest import propose


def test_own_proposal_offers_edit_not_co_facilitation(app, live_server, phone, make_event):
    event = make_event()
    page = phone()
    join(page, live_server.url, event, "Proposer Pat")
    db.session.rollback()
    pat = db.session.query(Attendee).filter_by(name="Proposer Pat").one()
    own = propose(event, pat, "Escape rooms for revision")
    other = propose(event, pat, "Someone else's idea")
    other.proposer_id = None
    db.session.commit()
    page.goto(f"{live_server.url}/events/{event.slug}/vote")

    mine = page.locator(f"#p{own.id}")
    expect(mine).to_contain_text("You proposed this.")
    expect(mine.get_by_role("button", name="I can co-facilitate")).to_have_count(0)
    expect(mine.get_by_role("button", name="I can lead this")).to_have_count(0)
    edit = mine.get_by_role("link", name="Edit Escape rooms for revision")
    assert box(edit)["height"] >= 44
    assert box(edit)["width"] >= 44
    theirs = page.locator(f"#p{other.id}")
    expect(theirs.get_by_role("button", name="I can co-facilitate")).to_be_visible()
    assert_tap_targets(page)
    screenshot(page, "attendee-vote-own-proposal-360")
