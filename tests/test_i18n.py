"""The page's language: ?lang=, the cookie, Accept-Language, the event's language, English.

A language is offered only once it has a compiled catalog, so these tests compile a small
German one into a folder of their own.
"""

from __future__ import annotations

import re

import pytest
from flask import render_template_string

from edcamp.extensions import db
from edcamp.models import Attendee, Organizer
from tests.catalogs import compile_catalog
from tests.helpers import TEST_PASSWORD

NO_EVENT = "There is no event at that address."


@pytest.fixture
def german(tmp_path, make_app):
    catalog = {
        "Skip to content": "Zum Inhalt springen",
        NO_EVENT: "Unter dieser Adresse gibt es kein Event.",
    }
    return make_app(BABEL_TRANSLATION_DIRECTORIES=str(compile_catalog(tmp_path, "de", catalog)))


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_only_english_without_catalogs(tmp_path, make_app):
    client = make_app(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path)).test_client()
    response = client.get("/", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert html_lang(response) == "en"  # no German catalog: the page must not claim German
    assert "lang" not in response.headers.get("Set-Cookie", "")


def test_lang_parameter_is_kept_in_a_cookie(german):
    client = german.test_client()
    first = client.get("/?lang=DE")
    assert html_lang(first) == "de"
    assert "lang=de" in first.headers["Set-Cookie"]
    assert html_lang(client.get("/")) == "de"  # the cookie carries the choice
    assert html_lang(client.get("/?lang=en")) == "en"  # and a new choice replaces it
    assert html_lang(client.get("/")) == "en"


@pytest.mark.parametrize("value", ["xx", "de" * 20, "<script>", ""])
def test_unknown_or_hostile_lang_values_are_ignored(german, value):
    response = german.test_client().get("/", query_string={"lang": value})
    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert "lang=" not in response.headers.get("Set-Cookie", "")


def test_accept_language_then_event_language(german, make_event):
    event = make_event(language="de")
    client = german.test_client()
    assert html_lang(client.get("/", headers={"Accept-Language": "de-AT,de;q=0.8"})) == "de"
    assert html_lang(client.get("/", headers={"Accept-Language": "fr"})) == "en"
    assert html_lang(client.get(f"/events/{event.slug}/schedule")) == "de"
    other = make_event(language="es")  # no Spanish catalog: English, not a false "es"
    assert html_lang(client.get(f"/events/{other.slug}/schedule")) == "en"


def test_marked_strings_are_translated(german):
    with german.test_request_context("/?lang=de"):
        assert render_template_string("{{ _('Skip to content') }}") == "Zum Inhalt springen"
        assert render_template_string("{{ _('Not in the catalog') }}") == "Not in the catalog"


def test_an_address_no_event_can_have_never_reaches_the_database(german):
    client = german.test_client()
    response = client.get("/events/a%00b", headers={"Accept-Language": "fr"})
    assert response.status_code == 400
    assert html_lang(response) == "en"
    assert client.get("/events/NO_SUCH/schedule").status_code == 404


def language_on_record(model, row_id) -> str | None:
    db.session.rollback()  # a new transaction: see what the other app's request committed
    return db.session.get(model, row_id).language


def signed_in(app, organizer):
    client = app.test_client()
    response = client.post("/login", data={"email": organizer.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def test_the_organizers_choice_is_kept_on_their_record(german, make_organizer):
    organizer = make_organizer()
    laptop = signed_in(german, organizer)

    assert html_lang(laptop.get("/dashboard?lang=de")) == "de"

    assert language_on_record(Organizer, organizer.id) == "de"
    other_laptop = signed_in(german, organizer)  # no cookie there: the record decides
    assert html_lang(other_laptop.get("/dashboard", headers={"Accept-Language": "en"})) == "de"
    api = other_laptop.post(  # the API's messages follow Accept-Language, not the record
        "/api/v1/events/nope/join", json={}, headers={"Accept-Language": "en"}
    )
    assert api.json["error"]["message"] == NO_EVENT
    other_laptop.set_cookie("lang", "en")  # but a choice made on this browser wins
    assert html_lang(other_laptop.get("/dashboard")) == "en"
    assert html_lang(german.test_client().get("/")) == "en"  # not signed in: not theirs


def test_the_joined_attendees_choice_is_kept_on_their_record(german, make_event, join_as):
    event, other = make_event(), make_event()
    phone = join_as(event, target=german.test_client())
    db.session.rollback()
    attendee_id = db.session.scalar(db.select(Attendee.id).where(Attendee.event_id == event.id))

    phone.get(f"/events/{other.slug}/schedule?lang=de")  # not an event this phone joined
    assert language_on_record(Attendee, attendee_id) is None
    phone.get(f"/events/{event.slug}/schedule?lang=de")

    assert language_on_record(Attendee, attendee_id) == "de"
    phone.delete_cookie("lang")
    page = phone.get(f"/events/{event.slug}", headers={"Accept-Language": "en"})
    assert html_lang(page) == "de"  # the record, before the browser's language
    stranger = german.test_client()
    assert html_lang(stranger.get(f"/events/{event.slug}?lang=de")) == "de"
    assert language_on_record(Attendee, attendee_id) == "de"


def test_api_messages_follow_accept_language_and_codes_stay_english(german, make_event):
    make_event(language="de")
    client = german.test_client()
    body = {"join_code": "X", "name": "P"}

    german_answer = client.post(
        "/api/v1/events/nope/join", json=body, headers={"Accept-Language": "de-DE,de;q=0.9"}
    )
    english_answer = client.post(
        "/api/v1/events/nope/join", json=body, headers={"Accept-Language": "en-GB"}
    )

    assert german_answer.status_code == 404
    assert german_answer.json["error"] == {
        "code": "event_not_found",
        "message": "Unter dieser Adresse gibt es kein Event.",
    }
    assert english_answer.json["error"]["message"] == NO_EVENT
    client.set_cookie("lang", "de")  # a script on a page the person switched to German
    again = client.post("/api/v1/events/nope/join", json=body, headers={"Accept-Language": "en"})
    assert again.json["error"]["message"] == "Unter dieser Adresse gibt es kein Event."


@pytest.mark.parametrize(
    ("lang", "required"),
    [
        ("de", "Dieses Feld wird benötigt."),
        ("pt-BR", "Campo obrigatório."),
        ("en", "This field is required."),
    ],
)
def test_form_validators_own_messages_are_in_the_page_language(tmp_path, make_app, lang, required):
    """WTForms' built-in messages (a required field) come from its own catalogs (Flask-WTF's
    WTF_I18N_ENABLED), in the page's language; pt-BR falls back to WTForms' pt."""
    for locale in ("de", "pt_BR"):
        compile_catalog(tmp_path, locale, {"Skip to content": "…"})
    app = make_app(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path))

    page = app.test_client().post(f"/login?lang={lang}", data={"email": "", "password": ""})

    assert required in page.get_data(as_text=True)
