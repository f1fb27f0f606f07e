"""Feedback on a phone after a session, the facilitator reading it, the organizer's
follow-up page at 360 px, and the report's charts on a laptop: visible, no sideways
scroll, axe clean, screenshots in test-artifacts/."""

from __future__ import annotations

from playwright.sync_api import expect

from edcamp.extensions import db
from edcamp.models import Attendee, SessionFeedback
from tests.browser.conftest import assert_accessible, assert_fits_phone
from tests.browser.flows import join, sign_in
from tests.browser.judge import (
    assert_no_horizontal_scroll,
    assert_visible_in_viewport,
    box,
    screenshot,
)
from tests.feedback.conftest import build_day


def test_feedback_on_a_phone_after_the_session(
    app, live_server, phone, make_organizer, make_event, make_attendee
):
    day = build_day(make_organizer, make_event, make_attendee)
    base, slug = live_server.url, day.event.slug
    page = phone()
    join(page, base, day.event, "Robin Rivera")
    page.goto(f"{base}/events/{slug}/sessions/{day.maker.id}")
    card = page.locator("#feedback")
    card.scroll_into_view_if_needed()
    expect(card.get_by_role("heading", name="Was it useful?")).to_be_visible()
    useful = card.get_by_role("button", name="Useful")
    assert_visible_in_viewport(page, useful, what="the Useful button")
    assert box(useful)["height"] >= 44
    card.get_by_label("A comment to the facilitators").fill("The 3D printer demo was great")
    useful.tap()
    expect(card.get_by_role("status")).to_contain_text("You said: Useful")
    assert_fits_phone(page)
    assert_accessible(page)
    screenshot(page, "feedback-phone-session-given")

    card.get_by_role("button", name="Not for me").tap()
    expect(card.get_by_role("status")).to_contain_text("You said: Not for me")
    db.session.rollback()
    robin = db.session.query(Attendee).filter_by(name="Robin Rivera").one()
    row = db.session.get(SessionFeedback, (robin.id, day.maker.id))
    assert (row.useful, row.comment) == (False, "The 3D printer demo was great")

    card.get_by_role("button", name="Remove my feedback").tap()
    expect(card.get_by_role("status")).to_have_count(0)
    expect(card.get_by_role("button", name="Remove my feedback")).to_have_count(0)
    db.session.rollback()
    assert db.session.get(SessionFeedback, (robin.id, day.maker.id)) is None


def test_facilitator_and_organizer_pages_on_a_phone(
    app, live_server, phone, client, make_organizer, make_event, make_attendee
):
    from tests.helpers import bearer

    day = build_day(make_organizer, make_event, make_attendee)
    base, slug = live_server.url, day.event.slug
    for token, useful, comment in [
        (day.bob_token, True, "Loved it, trying it Monday"),
        (day.cy_token, False, "More for elementary " * 8),
    ]:
        client.put(
            f"/api/v1/events/{slug}/sessions/{day.maker.id}/feedback",
            json={"useful": useful, "comment": comment},
            headers=bearer(token),
        )
    email = day.organizer.email
    db.session.rollback()  # end the test's read snapshot: the server writes on sign-in
    page = phone()
    sign_in(page, base, email)
    page.goto(f"{base}/events/{slug}/sessions/{day.maker.id}/feedback")
    expect(page.get_by_text("found it useful")).to_be_visible()
    expect(page.get_by_text("Loved it, trying it Monday")).to_be_visible()
    expect(page.get_by_text("Bob Brooks")).to_have_count(0)
    assert_fits_phone(page)
    assert_accessible(page)
    screenshot(page, "feedback-phone-read")

    page.goto(f"{base}/events/{slug}/follow-up")
    send = page.get_by_role("button", name="Send to 3 attendees")
    expect(send).to_be_visible()
    expect(page.locator(".mail-preview")).to_contain_text("Your sessions")
    assert_fits_phone(page)
    assert_accessible(page)
    screenshot(page, "follow-up-phone")
    send.tap()
    expect(page.get_by_text("Follow-up mail queued for 3 attendees")).to_be_visible()
    expect(page.get_by_text("Nobody new to mail")).to_be_visible()
    assert_accessible(page)


def test_report_charts_on_a_laptop(
    app, live_server, page_at, client, make_organizer, make_event, make_attendee
):
    from tests.helpers import bearer

    day = build_day(make_organizer, make_event, make_attendee)
    base, slug = live_server.url, day.event.slug
    for token in (day.bob_token, day.cy_token, day.dee_token):
        client.put(
            f"/api/v1/events/{slug}/sessions/{day.maker.id}/feedback",
            json={"useful": token != day.dee_token},
            headers=bearer(token),
        )
    email = day.organizer.email
    db.session.rollback()
    page = page_at("laptop")
    sign_in(page, base, email)
    page.goto(f"{base}/events/{slug}/report")
    charts = page.locator("figure.chart")
    expect(charts).to_have_count(5)
    for i in range(5):
        figure = charts.nth(i)
        figure.scroll_into_view_if_needed()
        svg = figure.locator("svg")
        expect(svg).to_be_visible()
        assert box(svg)["width"] >= 300, figure.inner_text()
        assert box(svg)["width"] <= box(figure)["width"]
    expect(page.get_by_role("img", name="Feedback per tag: useful and not for me")).to_be_visible()
    headings = page.locator("h2").all_inner_texts()
    assert len(headings) == len(set(headings)), headings  # no two sections of one name
    expect(charts.nth(2).locator("text", has_text="2 useful · 1 not").first).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    screenshot(page, "report-laptop")


def test_demo_report_at_laptop_size(app, live_server, page_at):
    """The demo event's report as an administrator reads it: twelve tags, five slots."""
    from edcamp.demo import DEMO_EMAIL, DEMO_PASSWORD, build_demo

    build_demo(publish_schedule=True)
    db.session.commit()
    page = page_at("laptop")
    sign_in(page, live_server.url, DEMO_EMAIL, DEMO_PASSWORD)
    page.goto(f"{live_server.url}/events/demo/report")
    demand = page.get_by_role("img", name="Demand by tag: votes on proposals with each tag")
    expect(demand).to_be_visible()
    expect(demand.locator("g.chart-row")).to_have_count(12)
    slots = page.get_by_role("img", name="Check-ins per slot")
    expect(slots.locator("g.chart-row")).to_have_count(5)
    for label in page.locator("figure.chart svg text").all()[:40]:
        label_box, svg_box = box(label), box(label.locator("xpath=ancestor::*[name()='svg']"))
        assert label_box["x"] + label_box["width"] <= svg_box["x"] + svg_box["width"] + 1
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    screenshot(page, "report-demo-laptop")
