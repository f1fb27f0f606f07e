"""A phone reflects on a session it checked into, adds evidence, and reads, prints and
replaces its learning record: at 360 px, with axe-core, tap targets and screenshots."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_fits_phone
from tests.browser.judge import assert_tap_targets, assert_visible_in_viewport, screenshot
from tests.contacts.conftest import build_scene

pypdf = pytest.importorskip("pypdf")


def _check(page):
    assert_fits_phone(page)
    assert_accessible(page)
    assert_tap_targets(page)


def test_reflection_and_learning_record_on_a_phone(
    app, live_server, phone, make_organizer, make_event, make_attendee
):
    scene = build_scene(make_organizer, make_event, make_attendee)
    slug, base = scene.event.slug, live_server.url
    page = phone()
    page.goto(f"{base}/events/{slug}/join?code={scene.event.join_code}")
    page.get_by_label("Your name").fill("Robin Rivera")
    page.get_by_role("button", name="Join").tap()
    page.wait_for_url(f"{base}/events/{slug}")
    page.goto(f"{base}/events/{slug}/sessions/{scene.maker.id}/checkin")
    page.get_by_role("button", name="I'm here").tap()
    expect(page.get_by_text("You're checked in.")).to_be_visible()

    page.goto(f"{base}/events/{slug}/sessions/{scene.maker.id}")
    page.get_by_role("link", name="Reflect: what I learned, what I will try").tap()
    page.wait_for_url(f"{base}/events/{slug}/me/reflections/{scene.maker.id}")
    _check(page)
    page.get_by_label("What I learned").fill("Cardboard prototypes get every kid building.")
    page.get_by_label("What I will try").fill("A maker Friday with my 7th graders")
    page.get_by_label("Show this reflection on my learning record").check()
    page.get_by_role("button", name="Save reflection").tap()
    expect(page.get_by_text("Your reflection is saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Did you try it?")).to_be_visible()

    page.get_by_label("Link", exact=True).fill("javascript:alert(1)")
    page.get_by_role("button", name="Add link").tap()
    error = page.locator(".field.has-error .error").first
    expect(error).to_contain_text("http")
    assert_visible_in_viewport(page, error, what="the link's error message")
    _check(page)
    page.get_by_label("Link", exact=True).fill("https://robin.example/blog/maker-friday")
    page.get_by_label("What it is (optional)").fill("My blog post")
    page.get_by_role("button", name="Add link").tap()
    expect(page.get_by_text("Evidence link added.")).to_be_visible()
    expect(page.get_by_role("link", name="https://robin.example/blog/maker-friday")).to_be_visible()
    _check(page)
    screenshot(page, "learning-reflection-360")

    page.goto(f"{base}/events/{slug}/me/reflections")
    expect(page.get_by_text("On my record")).to_be_visible()
    _check(page)

    page.goto(f"{base}/events/{slug}/me/record")
    expect(page.get_by_role("cell", name="Makerspaces")).to_be_visible()
    expect(page.locator(".total-hours")).to_have_text("1.5 hours")
    expect(page.get_by_text("Cardboard prototypes get every kid building.")).to_be_visible()
    expect(page.get_by_role("img", name="QR code of the verification link")).to_be_visible()
    _check(page)
    screenshot(page, "learning-record-360")
    verify = page.locator("a.verify-url").get_attribute("href")

    # The browser's "Save as PDF": the record alone, without buttons or the phone's bar.
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print or save as PDF")).to_be_hidden()
    expect(page.locator(".attendee-bar")).to_be_hidden()
    screenshot(page, "learning-record-print")
    printed = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(" ".join(p.extract_text().split()) for p in printed.pages)
    assert "Professional learning record" in text
    assert "Cardboard prototypes" in text
    assert "Replace the link" not in text
    assert "Print or save as PDF" not in text
    page.emulate_media(media="screen")

    stranger = phone()
    assert stranger.goto(verify).status == 200
    expect(stranger.get_by_text("Verified")).to_be_visible()
    _check(stranger)
    page.get_by_role("button", name="Replace the link").tap()
    expect(page.get_by_text("The old link and its QR code no longer work")).to_be_visible()
    assert page.locator("a.verify-url").get_attribute("href") != verify
    assert stranger.goto(verify).status == 404


def test_the_mailed_did_you_try_it_page_on_a_phone(
    app, live_server, phone, make_organizer, make_event, make_attendee
):
    from edcamp.extensions import db
    from edcamp.learning.reflections import ReflectionText, save_reflection
    from edcamp.learning.try_it import try_it_token

    scene = build_scene(make_organizer, make_event, make_attendee)
    save_reflection(scene.cy, scene.maker.id, ReflectionText("Prototypes", "A maker Friday", True))
    db.session.commit()
    url = f"{live_server.url}/events/{scene.event.slug}/try-it/{try_it_token(scene.cy)}"
    page = phone()  # a phone that never joined: the mailed link is enough
    page.goto(url)
    expect(page.get_by_text("You wrote: “A maker Friday”")).to_be_visible()
    _check(page)
    page.get_by_label("How it went").fill("Ran it twice; the kids asked for more.")
    page.get_by_role("button", name="Save").tap()
    expect(page.get_by_text("how it went is now on your learning record")).to_be_visible()
    _check(page)
    screenshot(page, "learning-try-it-360")
    db.session.rollback()
    from edcamp.learning.record import learning_record

    [reflection] = learning_record(scene.cy).reflections
    assert reflection.outcome == "Ran it twice; the kids asked for more."
