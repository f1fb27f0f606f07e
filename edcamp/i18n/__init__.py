"""Which language a page is in, and the catalogs behind it (Flask-Babel).

The choice, first match wins: ``?lang=xx`` (then kept in a cookie and on the record of
the signed-in organizer or of the attendee this phone joined the page's event as), the
``lang`` cookie, that record's ``language``, the browser's ``Accept-Language``, the language
of the event the page belongs to, English. The API (``/api/``) answers its ``message``
texts in ``?lang=``'s, the cookie's or ``Accept-Language``'s language (a script on a page
sends the cookie); codes stay English. Only languages with a compiled catalog in
``BABEL_TRANSLATION_DIRECTORIES`` (``edcamp/translations``) are offered, so a page never
claims a language its text is not in. Strings are marked with ``_()`` / ``ngettext()`` in
templates and with ``flask_babel.gettext`` in Python (``lazy_gettext`` at import time); the
scripts' words travel in their own catalog (``edcamp.i18n.scripts``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from flask import Flask, Response, current_app, g, has_request_context, request, url_for
from flask_babel import Babel, force_locale, get_locale
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from edcamp.extensions import db
from edcamp.languages import DEFAULT_LANGUAGE, LANGUAGES

if TYPE_CHECKING:
    from edcamp.models import Attendee, Event, Organizer

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


def offered_language(value: str | None) -> str | None:
    """The offered language a user-supplied tag names (any case, - or _), or None."""
    if not value or len(value) > 16:
        return None
    wanted = language_tag(value).lower()
    for tag in available_languages():
        if tag.lower() == wanted:
            return tag
    return None


def _page_event() -> Event | None:
    """The event whose address this is (``<slug>`` in the URL), looked up once, or None."""
    from edcamp.events.service import SLUG_PATTERN

    slug = (request.view_args or {}).get("slug")
    if len(available_languages()) == 1 or not isinstance(slug, str):
        return None  # only English to offer: no need to ask the database
    if not SLUG_PATTERN.match(slug) or g.get("database_unavailable"):
        # No event has such an address (a NUL byte in it is a 400 page, which must not
        # send it to the database); a 503 page must not ask the database that is away.
        return None
    if "page_event" not in g:
        from edcamp.models import Event

        g.page_event = db.session.scalar(select(Event).where(Event.slug == slug))
    return g.page_event


def _person() -> Attendee | Organizer | None:
    """Whose language choice the page may keep: the signed-in organizer, else the attendee
    this phone joined the page's event as (its session claim, checked)."""
    if len(available_languages()) == 1 or g.get("database_unavailable"):
        return None
    from flask_login import current_user

    if current_user.is_authenticated:
        return current_user._get_current_object()
    event = _page_event()
    if event is None:
        return None
    from edcamp.attendees.session import session_attendee

    return session_attendee(event)


def _record_language() -> str | None:
    return offered_language(getattr(_person(), "language", None))


def _event_language() -> str | None:
    event = _page_event()
    return offered_language(event.language) if event is not None else None


def _browser_language() -> str | None:
    offered = available_languages()
    return request.accept_languages.best_match(offered) if len(offered) > 1 else None


def choose_language() -> str:
    """The page's language as a BCP 47 tag (see the module's docstring for the order); the
    API's messages: ``?lang=``, the cookie, then ``Accept-Language`` only."""
    if not has_request_context():
        return DEFAULT_LANGUAGE  # the CLI, the mail sender's jobs: in_language() chooses
    chosen = offered_language(request.args.get(COOKIE)) or offered_language(
        request.cookies.get(COOKIE)
    )
    if request.path.startswith("/api/"):
        return chosen or _browser_language() or DEFAULT_LANGUAGE
    return (
        chosen or _record_language() or _browser_language() or _event_language() or DEFAULT_LANGUAGE
    )


def _keep_choice_on_record() -> None:
    """``?lang=`` on a page: the signed-in organizer's or the joined attendee's record keeps
    it (before the view, so nothing of the view's is in the transaction)."""
    g.pop("page_event", None)  # g may outlive a request (a test's or a command's context)
    chosen = offered_language(request.args.get(COOKIE))
    if not chosen or request.path.startswith(("/api/", "/static/")):
        return
    try:
        person = _person()
        if person is not None and person.language != chosen:
            person.language = chosen
            db.session.commit()
    except SQLAlchemyError:  # the database is away: the cookie still keeps the choice
        db.session.rollback()
        current_app.logger.warning("could not keep the language choice on the record")


def page_language() -> str:
    """The language the page is rendered in, for ``<html lang>``."""
    return language_tag(str(get_locale() or DEFAULT_LANGUAGE))


def _remember_choice(response: Response) -> Response:
    chosen = offered_language(request.args.get(COOKIE))
    if chosen and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(
            COOKIE, chosen, max_age=COOKIE_MAX_AGE, samesite="Lax", secure=request.is_secure
        )
    return response


def script_catalog_url() -> str | None:
    """The address of the scripts' catalog in the page's language (None in English: the
    scripts' own words are English)."""
    from edcamp.i18n.scripts import script_catalog

    language = page_language()
    if language == DEFAULT_LANGUAGE:
        return None
    version = script_catalog(language).version
    return url_for("i18n.catalog", lang=language, v=version)


@dataclass(frozen=True)
class LanguageLink:
    tag: str
    name: str  # in the language itself, so a person finds their own
    url: str
    current: bool


def language_links() -> list[LanguageLink]:
    """This page in each offered language: its path and query with ``lang`` replaced
    (none when only English is offered)."""
    offered = available_languages()
    if len(offered) == 1:
        return []
    current = page_language()
    # One leading slash: "//host" would be a link to another site.
    path = request.script_root + "/" + quote(request.path.lstrip("/"), safe="/:@!$&'()*+,;=-._~")
    kept = [(key, value) for key, value in request.args.items(multi=True) if key != COOKIE]
    return [
        LanguageLink(
            tag, LANGUAGES[tag], f"{path}?{urlencode([*kept, (COOKIE, tag)])}", tag == current
        )
        for tag in offered
    ]


def init_i18n(app: Flask) -> None:
    app.extensions["edcamp_languages"] = _catalog_languages(
        app.config["BABEL_TRANSLATION_DIRECTORIES"]
    )
    Babel(app, locale_selector=lambda: babel_locale(choose_language()))
    app.before_request(_keep_choice_on_record)
    app.after_request(_remember_choice)
    app.add_template_global(page_language)
    app.add_template_global(script_catalog_url)
    app.add_template_global(language_links)
    app.add_template_global(
        lambda: [(tag, LANGUAGES[tag]) for tag in available_languages()], "language_choices"
    )


@contextmanager
def in_language(tag: str | None) -> Iterator[None]:
    """Render what is inside in ``tag``'s language (a mail, a feed, a file), whatever the
    page's: English when ``tag`` is None or has no catalog."""
    with force_locale(babel_locale(offered_language(tag) or DEFAULT_LANGUAGE)):
        yield


def language_of(person: Attendee | Organizer | None, event: Event | None = None) -> str:
    """The language to write to ``person`` in: the one they chose, else the event's."""
    chosen = getattr(person, "language", None)
    if chosen:
        return chosen
    if event is None:
        event = getattr(person, "event", None)  # an attendee belongs to one event
    return event.language if event is not None else DEFAULT_LANGUAGE
