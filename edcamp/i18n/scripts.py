"""The scripts' catalog: the translations of the words static/**/*.js mark, as a JS file.

Scripts mark words with ``gettext("...")``, ``ngettext("%(num)d vote", "%(num)d votes", n)``
and ``pgettext("context", "...")`` (static/js/i18n.js defines them). The msgids are read
from the scripts with Babel's JavaScript extractor (the keywords babel.cfg gives it), once
per process; each language's catalog holds only those, built once from the compiled catalog
Flask-Babel loaded, and is served as a script (no inline script: the CSP forbids it) at an
address carrying its content's hash, so browsers may keep it for a year.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.plurals import get_plural
from flask import current_app
from flask_babel import force_locale, get_translations

# The same keywords as babel.cfg's [javascript: ...] section.
KEYWORDS = {"gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
SCRIPT_FOLDERS = ("js", "publishing")  # under static/; vendor/ holds other people's code
_CONTEXT_GLUE = "\x04"  # how gettext keys a msgid with a context
# A plural rule is C syntax, which is JavaScript too; anything else never reaches a script.
_PLURAL_RULE = re.compile(r"^[n0-9\s!=<>%&|?:()]+$")


@dataclass(frozen=True)
class ScriptMessage:
    msgid: str
    plural: str | None = None
    context: str | None = None

    @property
    def key(self) -> str:
        return f"{self.context}{_CONTEXT_GLUE}{self.msgid}" if self.context else self.msgid


@cache
def script_messages(static_folder: str) -> tuple[ScriptMessage, ...]:
    """Every message the scripts under ``static_folder`` mark, in file order."""
    found: dict[str, ScriptMessage] = {}
    for folder in SCRIPT_FOLDERS:
        for path in sorted((Path(static_folder) / folder).rglob("*.js")):
            for _line, message, _comments, context in extract_from_file(
                "javascript", path, keywords=KEYWORDS
            ):
                item = (
                    ScriptMessage(message[0], message[1], context)
                    if isinstance(message, tuple)
                    else ScriptMessage(message, None, context)
                )
                found.setdefault(item.key, item)
    return tuple(found.values())


@dataclass(frozen=True)
class ScriptCatalog:
    body: str  # the JavaScript file
    version: str  # a hash of the body, for the address


def _translations_of(messages: tuple[ScriptMessage, ...], language: str) -> tuple[dict, str]:
    """key -> translation (a list of forms for plurals), and the language's plural rule."""
    from edcamp.i18n import babel_locale

    with force_locale(babel_locale(language)):
        translations = get_translations()
    compiled = getattr(translations, "_catalog", {})
    table: dict[str, str | list[str]] = {}
    count, rule = get_plural(babel_locale(language))
    for message in messages:
        if message.plural is None:
            text = compiled.get(message.key)
            if text:
                table[message.key] = text
        else:
            forms = [compiled.get((message.key, index)) for index in range(count)]
            if all(forms):
                table[message.key] = forms
    return table, rule


def build_script_catalog(messages: tuple[ScriptMessage, ...], language: str) -> ScriptCatalog:
    table, rule = _translations_of(messages, language)
    if not _PLURAL_RULE.match(rule):
        rule = "(n != 1)"
    body = (
        "// edcamp: the scripts' words in this language (static/js/i18n.js reads them).\n"
        f"window.edcampCatalog = {{language: {json.dumps(language)}, "
        f"plural: function (n) {{ return Number({rule}); }}, "
        f"messages: {json.dumps(table, ensure_ascii=False, sort_keys=True)}}};\n"
    )
    version = hashlib.sha256(body.encode()).hexdigest()[:12]
    return ScriptCatalog(body, version)


def script_catalog(language: str) -> ScriptCatalog:
    """``language``'s catalog (an offered BCP 47 tag), built once per app."""
    built = current_app.extensions.setdefault("edcamp_script_catalogs", {})
    if language not in built:
        messages = script_messages(str(current_app.static_folder))
        built[language] = build_script_catalog(messages, language)
    return built[language]
