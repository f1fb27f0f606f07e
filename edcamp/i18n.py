"""Which language a page is in, and the catalogs behind it (Flask-Babel).

The choice, first match wins: ``?lang=xx`` (then kept in a cookie), the ``lang``
cookie, the browser's ``Accept-Language``, the language of the event the page
belongs to, English. Only languages with a compiled catalog in
``BABEL_TRANSLATION_DIRECTORIES`` (``edcamp/translations``) are offered, so a page
never claims a language its text is not in. Strings are marked with ``_()`` /
``ngettext()`` in templates and with ``flask_babel.gettext`` in Python
(``lazy_gettext`` at import time).
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, Response, current_app, g, request
from flask_babel import Babel, get_locale
from sqlalchemy import select

from edcamp.extensions import db
from edcamp.languages import DEFAULT_LANGUAGE, LANGUAGES

COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def babel_locale(tag: str) -> str:
    """BCP 47 (pt-BR, as pages and browsers write it) to Babel's pt_BR."""
    return tag.replace("-", "_")


def language_tag(locale: str) -> str:
    return locale.replace("_", "-")


def available_languages(app: Flask | None = None) -> tuple[str, ...]:
    """English, then every language that has a compiled catalog, as BCP 47 tags."""
    app = app or current_app
    return app.extensions["edcamp_languages"]


def _catalog_languages(directories: str) -> tuple[str, ...]:
    found = sorted(
        language_tag(path.parent.parent.name)
        for directory in directories.split(";")
        for path in Path(directory).glob("*/LC_MESSAGES/messages.mo")
    )
    return (DEFAULT_LANGUAGE, *(tag for tag in found if tag != DEFAULT_LANGUAGE))


def _known(value: str | None) -> str | None:
    """The offered language a user-supplied tag names (any case, - or _), or None."""
    if not value or len(value) > 16:
        return None
    wanted = language_tag(value).lower()
    for tag in available_languages():
        if tag.lower() == wanted:
            return tag
    return None


def _event_language() -> str | None:
    from edcamp.events.service import SLUG_PATTERN

    slug = (request.view_args or {}).get("slug")
    if len(available_languages()) == 1 or not isinstance(slug, str):
        return None  # only English to offer: no need to ask the database
    if not SLUG_PATTERN.match(slug) or g.get("database_unavailable"):
        # No event has such an address (a NUL byte in it is a 400 page, which must not
        # send it to the database); a 503 page must not ask the database that is away.
        return None
    if "event_language" not in g:
        from edcamp.models import Event

        g.event_language = db.session.scalar(select(Event.language).where(Event.slug == slug))
    return _known(g.event_language)


def choose_language() -> str:
    """The page's language as a BCP 47 tag (see the module's docstring for the order)."""
    chosen = _known(request.args.get(COOKIE)) or _known(request.cookies.get(COOKIE))
    if chosen is None:
        offered = available_languages()
        chosen = request.accept_languages.best_match(offered) if len(offered) > 1 else None
    return chosen or _event_language() or DEFAULT_LANGUAGE


def page_language() -> str:
    """The language the page is rendered in, for ``<html lang>``."""
    return language_tag(str(get_locale() or DEFAULT_LANGUAGE))


def _remember_choice(response: Response) -> Response:
    chosen = _known(request.args.get(COOKIE))
    if chosen and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(
            COOKIE, chosen, max_age=COOKIE_MAX_AGE, samesite="Lax", secure=request.is_secure
        )
    return response


def init_i18n(app: Flask) -> None:
    app.extensions["edcamp_languages"] = _catalog_languages(
        app.config["BABEL_TRANSLATION_DIRECTORIES"]
    )
    Babel(app, locale_selector=lambda: babel_locale(choose_language()))
    app.after_request(_remember_choice)
    app.add_template_global(page_language)
    app.add_template_global(
        lambda: [(tag, LANGUAGES[tag]) for tag in available_languages()], "language_choices"
    )
