"""The embeddable schedule: a light page that an Edcamp's own website puts in an <iframe>.

It is the one page any site may frame (`frameable`). Query parameters choose what it shows
(`room`, `tag`) and how (`theme`: light, dark, or auto to follow the visitor's system); a
small script (static/publishing/embed.js) swaps in the new grid when a version is published.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, datetime

from flask import Blueprint, Response, make_response, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from edcamp.errors import DomainError, Invalid
from edcamp.extensions import db
from edcamp.models import Event
from edcamp.publishing import service, timeline
from edcamp.publishing.language import for_everyone
from edcamp.urls import base_url

bp = Blueprint("embed", __name__)

THEMES = ("light", "dark", "auto")
MAX_TAG = 40


def frameable(view: Callable[..., Response]) -> Callable[..., Response]:
    """Let any site frame this view: `frame-ancestors *`, and no X-Frame-Options.

    `view.frameable` tells the app-wide security headers to make this view the exception
    to `frame-ancestors 'none'`.
    """

    @functools.wraps(view)
    def wrapper(*args, **kwargs) -> Response:
        try:
            response = make_response(view(*args, **kwargs))
        except DomainError as error:
            # Said inside the frame: the host page's visitors see why, not a refused frame.
            db.session.rollback()
            page = render_template("publishing/embed_error.html", message=error.message)
            response = make_response(page, error.status)
        response.headers["Content-Security-Policy"] = "frame-ancestors *"
        response.headers.pop("X-Frame-Options", None)
        return response

    wrapper.frameable = True  # type: ignore[attr-defined]
    return wrapper


def _options() -> tuple[int | None, str | None, str]:
    """(room id, tag, theme) from the query; Invalid for values that cannot be meant."""
    raw_room = request.args.get("room", "").strip()
    if raw_room and not raw_room.isdigit():
        raise Invalid(_("'room' must be a room's number."), field="room")
    tag = request.args.get("tag", "").strip() or None
    if tag is not None and len(tag) > MAX_TAG:
        raise Invalid(
            ngettext(
                "'tag' is at most %(num)d character.",
                "'tag' is at most %(num)d characters.",
                MAX_TAG,
            ),
            field="tag",
        )
    theme = request.args.get("theme", "light").strip().lower() or "light"
    if theme not in THEMES:
        raise Invalid(_("'theme' is light, dark or auto."), field="theme")
    return (int(raw_room) if raw_room else None), tag, theme


@bp.get("/events/<slug>/embed")
@frameable
def schedule(slug: str):
    room_id, tag, theme = _options()
    event = service.get_event(slug)
    # Framed by the Edcamp's own website: in the event's language, not each visitor's browser's.
    with for_everyone(event.language):
        response = make_response(_page(event, room_id, tag, theme))
    # Visitors of the host site share it; the script refreshes it when a version is out.
    response.headers["Cache-Control"] = "public, max-age=60"
    return response


def _page(event: Event, room_id: int | None, tag: str | None, theme: str) -> str:
    slug = event.slug
    pub = service.published(slug)
    info = service.schedule_info(pub, base_url()) if pub.schedule_id else None
    room = service.get_room(event, room_id) if room_id is not None else None
    sections = timeline.sections(info, datetime.now(UTC), room_id=room_id, tag=tag) if info else []
    return render_template(
        "publishing/embed.html",
        event=event,
        info=info,
        sections=sections,
        room=room,
        tag=tag,
        theme=theme,
        version=pub.version or 0,
        stream_url=url_for("publishing.projector_stream", slug=slug),
        full_url=base_url() + url_for("publishing.schedule", slug=slug),
    )
