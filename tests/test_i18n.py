"""The page's language: ?lang=, the cookie, Accept-Language, the event's language, English.

A language is offered only once it has a compiled catalog, so these tests compile a small
German one into a folder of their own.
"""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import render_template_string


@pytest.fixture
def german(tmp_path, make_app):
    catalog = Catalog(locale="de")
    catalog.add("Skip to content", "Zum Inhalt springen")
    folder = tmp_path / "de" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with open(folder / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)
    return make_app(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path))


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True)).group(1)


def test_only_english_without_catalogs(client):
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
