"""A phone edits its profile and consent, checks in, and finds the people of its session;
every page passes axe-core and fits a 360 px screen."""

from __future__ import annotations

from playwright.sync_api import expect

from edcamp.extensions import db
from edcamp.models import Attendee, CheckIn
from tests.browser.conftest import assert_accessible, assert_fits_phone
from tests.contacts.conftest import build_scene


def join(page, live_server, event, name):
    page.goto(f"{live_server.url}/events/{event.slug}/join?code={event.join_code}")
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join").tap()
    page.wait_for_url(f"{live_server.url}/events/{event.slug}")


def test_profile_checkin_and_connect_on_a_phone(
    app, live_server, phone, make_organizer, make_event, make_attendee
):
    scene = build_scene(make_organizer, make_event, make_attendee)
    slug = scene.event.slug
    page = phone()
    join(page, live_server, scene.event, "Robin Rivera")

    page.get_by_role("link", name="My profile").tap()
    page.wait_for_url(f"{live_server.url}/events/{slug}/me")
    expect(page.get_by_role("status")).to_contain_text("not listed")
    assert_fits_phone(page)
    assert_accessible(page)

    page.get_by_text("Where people can follow you").tap()
    page.get_by_label("Mastodon").fill("robin at mastodon")
    page.get_by_role("button", name="Save my profile").tap()
    expect(page.get_by_text("write it as @user@instance")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Mastodon").fill("https://mastodon.social/@robin")
    page.get_by_label("Yes, list my name").check()
    page.get_by_role("button", name="Save my profile").tap()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.locator(".consent-status")).to_contain_text("listed in this event")
    db.session.rollback()  # end the test's read snapshot
    robin = db.session.query(Attendee).filter_by(name="Robin Rivera").one()
    assert robin.mastodon == "@robin@mastodon.social"
    assert robin.share_contact is True

    page.goto(f"{live_server.url}/events/{slug}/sessions/{scene.maker.id}/checkin")
    assert_accessible(page)
    page.get_by_role("button", name="I'm here").tap()
    expect(page.get_by_text("You're checked in.")).to_be_visible()
    db.session.rollback()
    assert db.session.get(CheckIn, (robin.id, scene.maker.id)) is not None

    page.goto(f"{live_server.url}/events/{slug}/me/connect")
    session = page.locator("section.session-people")
    expect(session.get_by_role("heading", name="Makerspaces")).to_be_visible()
    expect(session.get_by_role("link", name="Mastodon of Bob")).to_have_attribute(
        "href", "https://hachyderm.io/@bob"
    )
    expect(page.get_by_text("Cy Private")).to_have_count(0)
    expect(page.get_by_text("Podcasts")).to_have_count(0)
    assert_fits_phone(page)
    assert_accessible(page)

    page.goto(f"{live_server.url}/events/{slug}/me/follow-up")
    expect(page.get_by_text("1 session in common").first).to_be_visible()
    assert_fits_phone(page)
    assert_accessible(page)

    page.goto(f"{live_server.url}/events/{slug}/me/record")
    expect(page.get_by_role("cell", name="Makerspaces")).to_be_visible()
    expect(page.get_by_role("cell", name="Attended")).to_be_visible()
    assert_fits_phone(page)
    assert_accessible(page)


def test_organizer_contact_pages_are_accessible(
    app, live_server, page_at, make_organizer, make_event, make_attendee
):
    from tests.helpers import TEST_PASSWORD

    scene = build_scene(make_organizer, make_event, make_attendee)
    slug = scene.event.slug
    page = page_at("laptop")
    page.goto(f"{live_server.url}/login")
    page.get_by_label("Email").fill(scene.organizer.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/dashboard")

    page.goto(f"{live_server.url}/events/{slug}/contacts")
    expect(page.get_by_role("heading", name="Everyone who shares")).to_be_visible()
    expect(page.get_by_text("Cy Private")).to_have_count(0)
    assert_accessible(page)
    page.goto(f"{live_server.url}/events/{slug}/report")
    expect(page.get_by_role("heading", name="Demand by tag")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/events/{slug}/purge")
    page.get_by_label("Type the event's short name").fill("wrong")
    page.get_by_role("button", name="Erase all personal data").click()
    expect(page.get_by_text(f"Type the event's short name ({slug})")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/events/{slug}/resources")
    assert_accessible(page)
