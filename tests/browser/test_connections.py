"""Two phones: one asks a colleague looking for a partner class to collaborate, the other
accepts; both see what each chose to share, and a withdrawal hides it again. Every page at
360 px: no sideways scroll, tap targets apart, axe clean; screenshots in test-artifacts/."""

from __future__ import annotations

from playwright.sync_api import expect

from edcamp.accounts import links
from edcamp.extensions import db
from edcamp.models import Attendee, Connection
from tests.browser.conftest import assert_accessible, assert_fits_phone
from tests.browser.flows import join
from tests.browser.judge import assert_tap_targets, assert_visible_in_viewport, screenshot
from tests.connections.conftest import build_people


def judge(page, name: str, *, taps: bool = True) -> None:
    assert_fits_phone(page)
    if taps:
        assert_tap_targets(page)
    assert_accessible(page)
    screenshot(page, name)


def sign_in_as(page, base: str, people, attendee: Attendee) -> None:
    db.session.rollback()  # a stale read snapshot cannot become a write on SQLite
    token = links.create_link(links.ATTENDEE_SIGN_IN, attendee=attendee)
    db.session.commit()
    page.goto(f"{base}/events/{people.slug}/signin/{token}")
    page.get_by_role("button", name=f"Continue as {attendee.name}").tap()
    page.wait_for_url(f"{base}/events/{people.slug}")


def test_ask_accept_and_withdraw_on_two_phones(
    app, live_server, phone, make_organizer, make_event, make_attendee
):
    people = build_people(make_organizer, make_event, make_attendee)
    base, slug = live_server.url, people.slug
    rita_phone = phone()
    join(rita_phone, base, people.event, "Rita Reader")
    db.session.rollback()
    rita = db.session.query(Attendee).filter_by(name="Rita Reader").one()
    rita.subjects, rita.grade_levels = ["Science"], ["6-8"]
    rita.mastodon = "@rita@mastodon.social"
    db.session.commit()

    # Rita finds Dana among the partner classes, matching first with the reason.
    rita_phone.goto(f"{base}/events/{slug}/me/connect")
    section = rita_phone.locator("#partner-classes")
    expect(section.get_by_role("heading", name="Matching colleagues")).to_be_visible()
    expect(section.get_by_text("Same subject: Science · grade levels 6-8 like you")).to_be_visible()
    judge(rita_phone, "connections-1-connect-page", taps=False)  # the shared page: its own test
    section.get_by_role("link", name="Ask Dana Partner to collaborate").tap()

    rita_phone.wait_for_url(f"**/people/{people.dana.id}/connect?kind=collaborate")
    expect(rita_phone.get_by_role("heading", name="Connect with Dana Partner")).to_be_visible()
    expect(rita_phone.get_by_label("Let's collaborate on a project")).to_be_checked()
    expect(rita_phone.get_by_label("Mastodon")).to_be_checked()
    message = rita_phone.get_by_label("A message (optional)")
    message.fill("x" * 501)
    assert len(message.input_value()) == 500  # the field holds no more than the server takes
    message.fill("Weather data between our classes?")
    judge(rita_phone, "connections-2-ask-form")
    rita_phone.get_by_role("button", name="Send request").tap()

    expect(rita_phone.get_by_text("Request sent to Dana Partner")).to_be_visible()
    sent = rita_phone.locator("#sent")
    expect(sent.get_by_text("waiting for an answer")).to_be_visible()
    judge(rita_phone, "connections-3-sent")

    # Dana, on her own phone, answers; she shares her Mastodon only.
    dana_phone = phone()
    sign_in_as(dana_phone, base, people, people.dana.attendee)
    notice = dana_phone.locator(".connection-waiting")  # her home page says so at once
    expect(notice).to_contain_text("1 person asked to connect with you.")
    assert_visible_in_viewport(dana_phone, notice, what="the waiting-requests notice")
    judge(dana_phone, "connections-4a-home-notice", taps=False)
    notice.get_by_role("link", name="Answer").tap()
    dana_phone.wait_for_url(f"**/events/{slug}/me/connections#requests")
    requests = dana_phone.locator("#requests")
    expect(requests.get_by_text("Rita Reader", exact=True)).to_be_visible()
    expect(requests.get_by_text("Weather data between our classes?")).to_be_visible()
    expect(requests.get_by_text("Let's collaborate on a project")).to_be_visible()
    expect(dana_phone.get_by_text("@rita@mastodon.social")).to_have_count(0)  # not yet
    judge(dana_phone, "connections-4-request")
    dana_phone.get_by_label("Email address").uncheck()
    dana_phone.get_by_label("Role, subjects and grade levels").uncheck()
    accept = requests.get_by_role("button", name="Accept the request of Rita Reader")
    accept.scroll_into_view_if_needed()
    assert_visible_in_viewport(dana_phone, accept, what="the Accept button")
    accept.tap()

    connected = dana_phone.locator("#connections")
    expect(dana_phone.get_by_text("You are connected.")).to_be_visible()
    expect(connected.get_by_role("link", name="Mastodon of Rita Reader")).to_have_attribute(
        "href", "https://mastodon.social/@rita"
    )
    expect(connected.get_by_text("You share with them: Mastodon.")).to_be_visible()
    judge(dana_phone, "connections-5-connected")

    # Rita sees what Dana chose: her Mastodon, not her email.
    rita_phone.goto(f"{base}/events/{slug}/me/connections")
    mine = rita_phone.locator("#connections")
    expect(mine.get_by_role("link", name="Mastodon of Dana Partner")).to_be_visible()
    expect(rita_phone.get_by_text("dana.partner@school.test")).to_have_count(0)
    judge(rita_phone, "connections-6-rita-connected")

    mine.get_by_role("button", name="Withdraw the connection with Dana Partner").tap()
    expect(rita_phone.get_by_text("Neither of you sees the other's details")).to_be_visible()
    expect(rita_phone.get_by_role("link", name="Mastodon of Dana Partner")).to_have_count(0)
    dana_phone.reload()
    expect(dana_phone.get_by_role("link", name="Mastodon of Rita Reader")).to_have_count(0)
    judge(dana_phone, "connections-7-withdrawn")
    db.session.rollback()
    assert db.session.query(Connection).one().status == "withdrawn"


def test_partner_class_form_on_a_phone(
    app, live_server, phone, make_organizer, make_event, make_attendee
):
    people = build_people(make_organizer, make_event, make_attendee)
    base, slug = live_server.url, people.slug
    page = phone()
    join(page, base, people.event, "Sam Science")
    page.goto(f"{base}/events/{slug}/me/connect")
    page.get_by_role("link", name="I'm looking for a partner class").tap()

    page.get_by_role("button", name="List me as looking for a partner class").tap()
    expect(page.get_by_text("Please fix the problems below.")).to_be_visible()
    judge(page, "connections-8-partner-form-errors")
    page.get_by_label("Subject").fill("Science")
    page.get_by_label("6-8").check()
    page.get_by_label("The idea, in a line").fill("Swap weather station data every week")
    page.get_by_role("button", name="List me as looking for a partner class").tap()

    page.wait_for_url(f"**/events/{slug}/me/connect#partner-classes")
    expect(page.get_by_text("You are listed as looking for a partner class.")).to_be_visible()
    expect(page.get_by_text("Same subject: Science · grade levels 6-8 like you")).to_be_visible()
    judge(page, "connections-9-partner-listed", taps=False)
