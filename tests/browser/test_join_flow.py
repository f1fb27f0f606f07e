"""A phone joins the demo event through the real pages; join and poster pass axe-core."""

from __future__ import annotations

from playwright.sync_api import expect

from edcamp.demo import DEMO_EMAIL, DEMO_PASSWORD, build_demo
from edcamp.extensions import db
from edcamp.models import Attendee
from tests.browser.conftest import assert_accessible, assert_fits_phone


def test_phone_joins_demo_event_from_the_qr_link(app, live_server, phone):
    event, _ = build_demo()
    db.session.commit()
    page = phone()
    page.goto(f"{live_server.url}/events/demo/join?code={event.join_code}")

    assert page.get_by_label("Join code").input_value() == event.join_code
    assert not page.get_by_label("Yes, list my name").is_checked()  # consent is opt-in
    assert_fits_phone(page)
    assert_accessible(page)

    page.get_by_label("Your name").fill("Robin <b>Rivera</b>")
    page.get_by_role("button", name="Join").tap()

    page.wait_for_url(f"{live_server.url}/events/demo")
    expect(page.get_by_role("status")).to_contain_text("Welcome, Robin <b>Rivera</b>!")
    assert_accessible(page)
    db.session.rollback()  # end the test's read snapshot
    robin = db.session.query(Attendee).filter_by(name="Robin <b>Rivera</b>").one()
    assert robin.share_contact is False

    # Rescanning the poster does not make a second attendee.
    page.goto(f"{live_server.url}/events/demo/join?code={event.join_code}")
    page.wait_for_url(f"{live_server.url}/events/demo")
    assert db.session.query(Attendee).filter_by(name="Robin <b>Rivera</b>").count() == 1


def test_wrong_code_shows_a_message_and_stores_nothing(app, live_server, phone):
    event, _ = build_demo()
    db.session.commit()
    before = db.session.query(Attendee).count()
    page = phone()
    page.goto(f"{live_server.url}/events/demo/join?code=ZZZZZZ")
    page.get_by_label("Your name").fill("Sam")
    page.get_by_role("button", name="Join").tap()

    expect(page.get_by_text("That join code is not right")).to_be_visible()
    assert_accessible(page)
    db.session.rollback()  # end the test's read snapshot
    assert db.session.query(Attendee).count() == before


def test_poster_page_is_accessible_and_shows_the_code(app, live_server, page_at):
    event, _ = build_demo()
    db.session.commit()
    page = page_at("laptop")
    page.goto(f"{live_server.url}/login")
    page.get_by_label("Email").fill(DEMO_EMAIL)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/dashboard")
    assert_accessible(page)

    page.goto(f"{live_server.url}/events/demo/poster")
    assert event.join_code in page.locator(".poster-code").inner_text()
    assert page.locator("img.poster-qr").evaluate("img => img.naturalWidth") > 0
    assert_accessible(page)
