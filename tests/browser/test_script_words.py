"""The scripts speak the page's language: static/js/i18n.js with the served catalog."""

from __future__ import annotations

import pytest

from tests.browser.conftest import LiveServer
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
