"""The scripts speak the page's language: static/js/i18n.js with the served catalog."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LiveServer
from tests.browser.judge import screenshot
from tests.test_script_catalog import german, scripts  # noqa: F401  (fixtures)


@pytest.fixture
def german_server(german):  # noqa: F811
    with LiveServer(german) as server:
        yield server


def test_gettext_ngettext_and_interpolate_in_german(german_server, phone):
    page = phone()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(german_server.url + "/?lang=de")

    said = page.evaluate(
        """() => [
          gettext("Saved"), gettext("Not in the catalog"),
          ngettext("%(num)d vote", "%(num)d votes", 1),
          ngettext("%(num)d vote", "%(num)d votes", 3),
          pgettext("button", "Close"),
          interpolate("%(name)s: %(num)d of 100%%", {name: "Ada", num: 7.9}),
          interpolate("%(missing)s stays", {}),
        ]"""
    )

    assert said == [
        "Gespeichert",
        "Not in the catalog",
        "1 Stimme",
        "3 Stimmen",
        "Schließen",
        "Ada: 7 of 100%",
        "%(missing)s stays",
    ]
    assert [e for e in errors if "Content Security Policy" in e] == []


def test_english_pages_keep_the_scripts_words(german_server, phone):
    page = phone()
    page.goto(german_server.url + "/?lang=en")

    said = page.evaluate('() => [gettext("Saved"), ngettext("%(num)d vote", "%(num)d votes", 1)]')

    assert said == ["Saved", "1 vote"]


NO_MATCH = "No time zone matches “%(typed)s”. Try a city or a country."
MATCHES = ("%(num)d time zone matches.", "%(num)d time zones match.")


def test_a_script_shows_its_words_in_the_page_language(tmp_path, make_app, make_organizer, browser):
    """The time-zone picker (static/js/tz-picker.js) says what matches in German."""
    from tests.browser.conftest import PHONE, _context
    from tests.browser.flows import sign_in
    from tests.catalogs import compile_catalog

    words = {
        NO_MATCH: "Keine Zeitzone passt zu „%(typed)s“. Versuch eine Stadt oder ein Land.",
        MATCHES: ("%(num)d Zeitzone passt.", "%(num)d Zeitzonen passen."),
    }
    app = make_app(BABEL_TRANSLATION_DIRECTORIES=str(compile_catalog(tmp_path, "de", words)))
    organizer = make_organizer()
    with LiveServer(app) as server:
        context = _context(browser, PHONE)
        page = context.new_page()
        try:
            sign_in(page, server.url, organizer.email)
            page.goto(f"{server.url}/events/new?lang=de")
            field = page.locator("[data-tz-picker] input[role=combobox]")
            status = page.locator("[data-tz-picker] .tz-status")

            field.fill("zzqx")
            expect(status).to_have_text(
                "Keine Zeitzone passt zu „zzqx“. Versuch eine Stadt oder ein Land."
            )
            field.fill("Europe/Berlin")
            expect(status).to_have_text("1 Zeitzone passt.")
            screenshot(page, "script-words-tz-picker-de", full_page=False)
        finally:
            context.close()
