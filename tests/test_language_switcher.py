"""The footer's language switcher: this page in every offered language, nowhere on screens."""

from __future__ import annotations

import re

import pytest

from tests.catalogs import compile_catalog

OFFERED = {"de": "Sprache", "es": "Idioma", "fr": "Langue", "pt_BR": "Idioma"}


@pytest.fixture
def five(tmp_path, make_app):
    """English plus four languages with (tiny) catalogs."""
    for locale, word in OFFERED.items():
        compile_catalog(tmp_path, locale, {"Language": word})
    return make_app(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path))


def switcher(html: str) -> list[tuple[str, str, str, bool]]:
    """(href, lang, name, current) of each link in the footer's switcher."""
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
    if nav is None:
        return []
    return [
        (href.replace("&amp;", "&"), lang, name, bool(current))
        for href, lang, current, name in re.findall(
            r'<a href="([^"]+)" lang="([^"]+)" hreflang="[^"]+"( aria-current="true")?>([^<]+)</a>',
            nav.group(0),
        )
    ]


def test_no_switcher_when_only_english_is_offered(tmp_path, make_app):
    client = make_app(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path)).test_client()
    html = client.get("/").get_data(as_text=True)

    assert "language-switcher" not in html
    assert "<footer" not in html


def test_the_switcher_keeps_the_path_and_query(five, make_event):
    event = make_event()
    page = five.test_client().get(f"/events/{event.slug}/schedule?tag=maths&lang=fr&day=1")

    links = switcher(page.get_data(as_text=True))

    path = f"/events/{event.slug}/schedule?tag=maths&day=1&lang="
    assert links == [
        (path + "en", "en", "English", False),
        (path + "de", "de", "Deutsch", False),
        (path + "es", "es", "Español", False),
        (path + "fr", "fr", "Français", True),
        (path + "pt-BR", "pt-BR", "Português (Brasil)", False),
    ]
    assert 'aria-label="Langue"' in page.get_data(as_text=True)


def test_a_link_never_leaves_the_site(five):
    page = five.test_client().get("/", environ_overrides={"PATH_INFO": "//evil.example/x"})
    html = page.get_data(as_text=True)

    assert [href for href, *_ in switcher(html)][0] == "/evil.example/x?lang=en"


def test_screens_on_a_wall_have_no_switcher(five, make_event, login):
    event = make_event()
    client = five.test_client()
    login(event.organizers[0], target=client)

    for path in ("board", "now"):
        page = client.get(f"/events/{event.slug}/{path}")
        assert page.status_code == 200, path
        assert switcher(page.get_data(as_text=True)) == [], path
    assert switcher(client.get(f"/events/{event.slug}/manage").get_data(as_text=True))
