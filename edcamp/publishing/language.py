"""Which language the publishing outputs are written in (issue #17).

A page someone reads on their own screen follows the page's language (``edcamp.i18n``). What
a whole room reads, or a calendar keeps, is in the event's language: the projector, the
printed grid and door signs, the embed on the Edcamp's own website (``for_everyone``); the
event, room and session calendars and the frab/c3voc files (``edcamp.publishing.feeds``).
A person's own calendar feed is in their language (``language_of``).
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from flask import has_request_context, request
from flask_babel import get_locale

from edcamp.i18n import COOKIE, available_languages, in_language, language_tag


def for_everyone(event_language: str | None) -> AbstractContextManager[None]:
    """The event's language for a page a whole room reads, whatever the browser that opens it
    prefers; an explicit ``?lang=`` still wins (door signs printed a second time in English)."""
    asked = request.args.get(COOKIE, "") if has_request_context() else ""
    offered = {tag.lower(): tag for tag in available_languages()}
    return in_language(offered.get(language_tag(asked).lower(), event_language))


def language_key() -> str:
    """The locale text is being written in, for caches of rendered text ("" outside a
    request, where it is English)."""
    return str(get_locale() or "") if has_request_context() else ""
