"""The scripts' catalog: only the words static/**/*.js marks, in the page's language, served
as a long-cached script the pages load before every other script."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from edcamp.i18n.scripts import script_messages
from tests.catalogs import compile_catalog

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = """
var a = gettext("Saved");
var b = ngettext("%(num)d vote", "%(num)d votes", n);
var c = pgettext("button", "Close");
"""
GERMAN = {
    "Saved": "Gespeichert",
    ("%(num)d vote", "%(num)d votes"): ("%(num)d Stimme", "%(num)d Stimmen"),
    ("ctx", "button", "Close"): "Schließen",
    "Skip to content": "Zum Inhalt springen",  # a page's word, not a script's
}


@pytest.fixture
def scripts(tmp_path) -> Path:
    """A static folder whose one script marks three words (plus edcamp's own i18n.js)."""
    static = tmp_path / "static"
    (static / "js").mkdir(parents=True)
    (static / "js" / "words.js").write_text(SCRIPT)
    shutil.copy(ROOT / "static" / "js" / "i18n.js", static / "js" / "i18n.js")
    (static / "vendor").mkdir()
    (static / "vendor" / "lib.js").write_text('gettext("Not ours");')
    return static


@pytest.fixture
def german(tmp_path, make_app, scripts):
    app = make_app(BABEL_TRANSLATION_DIRECTORIES=str(compile_catalog(tmp_path, "de", GERMAN)))
    app.static_folder = str(scripts)
    return app


def test_the_words_scripts_mark_are_found(scripts):
    found = {(m.context, m.msgid, m.plural) for m in script_messages(str(scripts))}

    assert found == {
        (None, "Saved", None),
        (None, "%(num)d vote", "%(num)d votes"),
        ("button", "Close", None),
    }  # vendor/ is not read


def test_the_catalog_holds_only_the_scripts_words(german):
    response = german.test_client().get("/i18n/de/catalog.js?v=1")

    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    body = response.get_data(as_text=True)
    assert '"Saved": "Gespeichert"' in body
    assert '"%(num)d vote": ["%(num)d Stimme", "%(num)d Stimmen"]' in body
    assert '"button\\u0004Close": "Schließen"' in body
    assert "Zum Inhalt" not in body  # only what scripts use travels
    assert "return Number((n != 1));" in body


@pytest.mark.parametrize(
    "path", ["/i18n/fr/catalog.js", "/i18n/DE/catalog.js", "/i18n/x/catalog.js"]
)
def test_no_catalog_for_a_language_not_offered(german, path):
    assert german.test_client().get(path).status_code == 404


def test_pages_load_the_catalog_before_every_script(german):
    client = german.test_client()
    html = client.get("/?lang=de").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', html)

    assert re.fullmatch(r"/i18n/de/catalog\.js\?v=[0-9a-f]{12}", scripts[0])
    assert scripts[1] == "/static/js/i18n.js"
    assert client.get(scripts[0]).status_code == 200
    english = client.get("/?lang=en").get_data(as_text=True)
    assert re.findall(r'<script src="([^"]+)"', english)[0] == "/static/js/i18n.js"
    assert "catalog.js" not in english  # English needs no catalog


def test_a_new_catalog_gets_a_new_address(german, tmp_path, make_app, scripts):
    with german.test_request_context("/?lang=de"):
        from edcamp.i18n import script_catalog_url

        first = script_catalog_url()
    changed = compile_catalog(tmp_path / "changed", "de", {**GERMAN, "Saved": "Gesichert"})
    other = make_app(BABEL_TRANSLATION_DIRECTORIES=str(changed))
    other.static_folder = str(scripts)
    with other.test_request_context("/?lang=de"):
        assert script_catalog_url() != first
