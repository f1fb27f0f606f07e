"""A session's short summary (abstract) and the rest of its text (description).

Conference apps show both one above the other, so the two must never repeat
each other: the abstract is the proposer's first sentence (or first line),
the description whatever follows it.
"""

from __future__ import annotations

import re

MAX_ABSTRACT = 200
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f]+[\"'\u201d\u2019)\]]*(?=\s)")
_OPENERS = "\"'\u201c\u2018([\u00bf\u00a1"


def _starts_sentence(text: str) -> bool:
    """True when `text` (after a sentence mark and spaces) looks like a new sentence."""
    head = text.lstrip(_OPENERS)[:1]
    return bool(head) and (head.isupper() or head.isdigit() or not head.isalpha())


def _first_sentence(text: str) -> str:
    line = text.split("\n", 1)[0].rstrip()
    for match in _SENTENCE_END.finditer(line):
        if _starts_sentence(line[match.end() :].lstrip()):
            return line[: match.end()]
    return line


def _shorten(text: str, limit: int) -> str:
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return (cut or text[: limit - 1]) + "\u2026"


def split_abstract(text: str) -> tuple[str, str]:
    """(abstract, description): the first sentence, then the rest; never the same text.

    A first sentence longer than MAX_ABSTRACT is shortened with an ellipsis, and then the
    description keeps the whole text (the summary alone would lose the end of it).
    """
    text = text.strip()
    if not text:
        return "", ""
    first = _first_sentence(text)
    if len(first) > MAX_ABSTRACT:
        return _shorten(first, MAX_ABSTRACT), text
    return first, text[len(first) :].strip()
