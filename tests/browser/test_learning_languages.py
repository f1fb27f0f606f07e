"""The learning and feedback pages in a long language: the pseudo-translation (every word
half as long again, see tests/catalogs.py) served as German, on a 360 px phone. Each page
declares its language, passes axe-core's lang rules, fits, and shows no English left."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from edcamp.extensions import db
from edcamp.learning.confirmation import confirm_records
from edcamp.learning.reflections import ReflectionText, add_evidence, save_reflection
from edcamp.learning.try_it import try_it_token
from edcamp.models import Attendee, CheckIn, Facilitator
from tests.browser.conftest import PHONE, _context
from tests.browser.test_languages import PSEUDO, _translations, judge, served
from tests.catalogs import pseudo_catalog
from tests.contacts.conftest import build_scene
from tests.helpers import TEST_PASSWORD


def _robin(scene) -> Attendee:
    """The phone's attendee, who checked into Makerspaces and led Podcasts, with a
    reflection on each (one on the record, with evidence and an outcome; one private)."""
    db.session.rollback()  # a fresh snapshot, with the phone's join
    robin = db.session.scalar(select(Attendee).where(Attendee.name == "Robin Rivera"))
    db.session.add(CheckIn(attendee_id=robin.id, proposal_id=scene.maker.id))
    db.session.add(Facilitator(attendee_id=robin.id, proposal_id=scene.podcasts.id))
    db.session.flush()
    save_reflection(robin, scene.maker.id, ReflectionText("Cardboard works", "Maker Friday", True))
    add_evidence(robin, scene.maker.id, "https://robin.example/blog", "Blog post")
    save_reflection(robin, scene.podcasts.id, ReflectionText("Mics matter", "", False))
    confirm_records(scene.event, by=scene.organizer, note="Door check-ins")
    db.session.commit()
    return robin


@pytest.fixture
def pseudo_app(make_app, tmp_path):
    """The app with the pseudo catalog as its German, not yet served."""
    return make_app(BABEL_TRANSLATION_DIRECTORIES=str(pseudo_catalog(tmp_path)))


def test_learning_and_feedback_pages_in_a_long_language(
    app, pseudo_app, browser, make_organizer, make_event, make_attendee
):
    scene = build_scene(make_organizer, make_event, make_attendee)
    translations = _translations(PSEUDO)
    with served(pseudo_app) as base:
        slug = scene.event.slug
        context = _context(browser, PHONE)
        page = context.new_page()
        try:
            page.goto(f"{base}/events/{slug}/join?code={scene.event.join_code}&lang=de")
            page.locator("main input[name=name]").fill("Robin Rivera")
            page.locator("main form button[type=submit]").first.tap()
            page.wait_for_url(f"{base}/events/{slug}")
            robin = _robin(scene)
            pages = {
                "reflections": f"/events/{slug}/me/reflections",
                "reflection": f"/events/{slug}/me/reflections/{scene.maker.id}",
                "record": f"/events/{slug}/me/record",
                "try-it": f"/events/{slug}/try-it/{try_it_token(robin)}",
                "session-feedback-box": f"/events/{slug}/sessions/{scene.maker.id}",
                "feedback-read": f"/events/{slug}/sessions/{scene.podcasts.id}/feedback",
            }
            for name, path in pages.items():
                page.goto(base + path)
                judge(page, PSEUDO, "de", f"learning-{name}", translations)
        finally:
            context.close()


def test_follow_up_page_in_a_long_language(
    app, pseudo_app, browser, make_organizer, make_event, make_attendee
):
    scene = build_scene(make_organizer, make_event, make_attendee)
    translations = _translations(PSEUDO)
    with served(pseudo_app) as base:
        context = _context(browser, PHONE)
        page = context.new_page()
        try:
            page.goto(f"{base}/login?lang=de")
            page.locator("input[name=email]").fill(scene.organizer.email)
            page.locator("input[name=password]").fill(TEST_PASSWORD)
            page.locator("main form button[type=submit]").first.click()
            page.wait_for_url(f"{base}/dashboard")
            page.goto(f"{base}/events/{scene.event.slug}/follow-up")
            judge(page, PSEUDO, "de", "learning-follow-up", translations)
        finally:
            context.close()
