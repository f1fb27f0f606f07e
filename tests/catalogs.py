"""The messages the code marks, and catalogs built from them for tests.

``pseudo_catalog`` writes a pseudo-translation of every message: each word half as long
again, with accents, placeholders and markup kept. It stands in for the longest language
(German words are long) before any translator has written a line, so a page that only fits
its English text fails in every language-sensitive test that uses it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "lazy_gettext": None,
    "_l": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
}


@cache
def marked_messages() -> tuple[tuple[str | tuple[str, ...], str | None], ...]:
    """(msgid or (singular, plural), context) of every marked message, as pybabel finds them."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = {}
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        found[(message, context)] = None
    return tuple(found)


# Placeholders (any %-format conversion, names with digits such as %(last_10_minutes)s,
# str.format fields), markup and entities pass through untouched; words in between grow.
_KEEP = re.compile(
    r"(%(?:\([a-z0-9_]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifgeEr]|%%|<[^>]*>|&[a-z#0-9]+;"
    r"|\{[a-z0-9_]*\})"
)
_ACCENTS = str.maketrans("aeiouyAEIOUYcnsz", "áéíóúýÁÉÍÓÚÝçñšž")


def _long_word(match: re.Match) -> str:
    word = match.group(0)
    return (word + word[: (len(word) + 1) // 2]).translate(_ACCENTS)


def pseudo(text: str) -> str:
    parts = _KEEP.split(text)
    return "".join(
        part if index % 2 else re.sub(r"[A-Za-z]+", _long_word, part)
        for index, part in enumerate(parts)
    )


def pseudo_catalog(folder: Path, locale: str = "de") -> Path:
    """A compiled pseudo-translation of every marked message, as ``locale``, in ``folder``."""
    catalog = Catalog(locale=locale)
    for message, context in marked_messages():
        if isinstance(message, tuple):
            singular, plural = message[0], message[1]
            catalog.add((singular, plural), (pseudo(singular), pseudo(plural)), context=context)
        else:
            catalog.add(message, pseudo(message), context=context)
    target = folder / locale / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with open(target / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)
    return folder


def compile_catalog(folder: Path, locale: str, messages: dict) -> Path:
    """Write ``folder/<locale>/LC_MESSAGES/messages.mo`` from ``messages``: msgid ->
    translation, (singular, plural) -> a tuple of forms, ("ctx", context, msgid) -> text."""
    catalog = Catalog(locale=locale)
    for key, text in messages.items():
        if isinstance(key, tuple) and key[0] == "ctx":
            catalog.add(key[2], text, context=key[1])
        else:
            catalog.add(key, text)
    target = folder / locale / "LC_MESSAGES"
    target.mkdir(parents=True, exist_ok=True)
    with open(target / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)
    return folder
