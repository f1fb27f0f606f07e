"""Whose language a learning record, the "Did you try it?" mail and the follow-up mail are
in: the attendee's own (their choice, else the event's) when made outside their request;
the page's when the attendee opens their record. A small German catalog stands in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from sqlalchemy import select

from edcamp.extensions import db
from edcamp.feedback import followup_mail
from edcamp.learning import record, record_views
from edcamp.learning.reflections import ReflectionText, save_reflection
from edcamp.learning.try_it import due_at, queue_due_try_it_mails
from edcamp.models import Attendee, OutboxMail
from tests.learning.conftest import as_attendee

GERMAN = {
    "Did you try it? %(event)s": "Schon ausprobiert? %(event)s",
    "After %(event)s: your sessions, people and resources": "Nach %(event)s: Ihr Tag",
    "Professional learning record": "Fortbildungsnachweis",
}


@pytest.fixture
def german(tmp_path, make_app):
    catalog = Catalog(locale="de")
    for english, translated in GERMAN.items():
        catalog.add(english, translated)
    catalog.add("Facilitated", "Moderiert", context="part in a session")
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)
    return make_app(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path))


def test_the_try_it_mail_is_in_each_attendees_language(german, confirmed):
    scene = confirmed
    scene.cy.language = "de"
    save_reflection(scene.cy, scene.maker.id, ReflectionText("", "A maker Friday"))
    save_reflection(scene.ann, scene.maker.id, ReflectionText("", "Cardboard day"))
    db.session.commit()
    due = due_at(scene.event, None, 30) + timedelta(minutes=1)
    with german.app_context():  # the mail sender's job: no request, no page language
        assert queue_due_try_it_mails(due) == 2
        subjects = dict(
            db.session.execute(
                select(OutboxMail.to_address, OutboxMail.subject).where(OutboxMail.kind == "try_it")
            ).all()
        )
    assert subjects == {
        "cy@school.test": "Schon ausprobiert? Edcamp Test",  # her choice
        "ann@school.test": "Did you try it? Edcamp Test",  # none: the event's (English)
    }


def test_the_follow_up_mail_is_in_the_attendees_language(german, confirmed):
    scene = confirmed
    scene.cy.language = "de"
    db.session.commit()
    with german.test_request_context("/?lang=en"):  # the organizer's page is in English
        cy, ann = db.session.get(Attendee, scene.cy.id), db.session.get(Attendee, scene.ann.id)
        assert followup_mail.compose(cy)[0] == "Nach Edcamp Test: Ihr Tag"
        assert followup_mail.compose(ann)[0].startswith("After Edcamp Test")


def test_the_record_pdf_is_in_its_owners_language_for_whoever_holds_the_link(
    german, scene, monkeypatch
):
    monkeypatch.setattr(record_views, "html_to_pdf", lambda html: html.encode())  # read it
    scene.ann.language = "de"
    db.session.commit()
    token = record.record_token(scene.ann, german.secret_key)
    stranger = german.test_client()
    shared = stranger.get(f"/events/{scene.event.slug}/records/{token}/record.pdf").text
    assert '<html lang="de">' in shared
    assert "Fortbildungsnachweis" in shared
    assert "Moderiert" in shared  # Ann led Makerspaces
    assert "Montag" in shared  # the event's date, as German writes it
    # The verification page itself is the reader's page: in the reader's language.
    page = stranger.get(f"/events/{scene.event.slug}/records/{token}").text
    assert "Professional learning record" in page

    # Ann opening her own record: the page's language, whatever she chose before.
    phone = as_attendee(german.test_client(), scene.ann)
    own = phone.get(f"/events/{scene.event.slug}/me/record.pdf?lang=en").text
    assert '<html lang="en">' in own
    assert "Professional learning record" in own
    assert "Facilitated" in own
    german_page = phone.get(f"/events/{scene.event.slug}/me/record?lang=de").text
    assert "Fortbildungsnachweis" in german_page
