"""Publishing the grid reaches open phones and the projector board without a reload."""

from __future__ import annotations

from playwright.sync_api import expect

from edcamp.accounts.service import issue_token
from edcamp.demo import DEMO_EMAIL, DEMO_PASSWORD, build_demo
from edcamp.extensions import db
from tests.browser.conftest import assert_accessible
from tests.browser.test_voting_phone import join_and_open_votes
from tests.helpers import bearer


def test_publishing_shows_schedule_news_on_phone_and_board(app, live_server, phone, page_at):
    event, _ = build_demo()
    headers = bearer(issue_token(event.organizers[0]))
    db.session.commit()
    voter = phone()
    join_and_open_votes(voter, live_server.url, event, "News Reader")
    news = voter.locator("#schedule-news")
    expect(news).to_be_hidden()
    voter.evaluate("window.__same_page = true")
    screen = page_at("laptop")
    screen.goto(f"{live_server.url}/login?next=/events/demo/board")
    screen.get_by_label("Email").fill(DEMO_EMAIL)
    screen.get_by_label("Password").fill(DEMO_PASSWORD)
    screen.get_by_role("button", name="Sign in").click()
    screen.wait_for_url(f"{live_server.url}/events/demo/board")
    expect(screen.locator("#schedule-news")).to_be_hidden()

    # The test client shares this test's session: end its read snapshot before writing.
    db.session.rollback()
    organizer = app.test_client()
    assert (
        organizer.post("/api/v1/events/demo/schedule/build", json={}, headers=headers).status_code
        == 200
    )
    assert (
        organizer.post("/api/v1/events/demo/schedule/publish", headers=headers).status_code == 201
    )

    expect(news).to_be_visible()
    expect(news).to_contain_text("The schedule is out")
    expect(screen.locator("#schedule-news")).to_be_visible()
    assert_accessible(voter)

    # Publishing again (after a change) says so.
    assert (
        organizer.post("/api/v1/events/demo/schedule/publish", headers=headers).status_code == 201
    )
    expect(news).to_contain_text("The schedule changed")
    assert voter.evaluate("window.__same_page") is True  # no reload happened
    news.get_by_role("link").tap()
    voter.wait_for_url(f"{live_server.url}/events/demo/schedule")
