"""Feeds: iCal (event, room, session, personal), frab/c3voc JSON and XML, room QR codes.

Every view parses its arguments, asks `feeds` for a rendered body and wraps it
in a response that answers conditional requests (ETag / If-None-Match,
Last-Modified / If-Modified-Since) with 304. Errors here are JSON: the
callers are calendar apps and conference apps, not people.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC

from flask import Blueprint, Response, jsonify, request

from edcamp.errors import DomainError, error_body
from edcamp.extensions import db
from edcamp.publishing import feeds, service
from edcamp.publishing.feeds import Rendered
from edcamp.publishing.links import room_page_url
from edcamp.publishing.personal import save_feed_state
from edcamp.publishing.qr import qr_png, qr_svg
from edcamp.urls import base_url

bp = Blueprint("feeds", __name__)

SHARED_CACHE = "public, max-age=0, must-revalidate"
PRIVATE_CACHE = "private, max-age=0, must-revalidate"


def json_errors(view: Callable[..., Response]) -> Callable[..., Response]:
    """Feeds answer their callers (calendar and conference apps) in JSON, also when failing."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs) -> Response:
        try:
            return view(*args, **kwargs)
        except DomainError as error:
            db.session.rollback()
            response = jsonify(error_body(error.code, error.message))
            response.status_code = error.status
            return response

    return wrapper


def _not_modified(rendered: Rendered) -> bool:
    etag = rendered.validators.etag
    raw = request.headers.get("If-None-Match")
    if raw:
        if raw == f'"{etag}"':
            return True
        return request.if_none_match.contains(etag) or request.if_none_match.star_tag
    since = request.if_modified_since
    if since is not None:
        last = rendered.validators.last_modified.replace(microsecond=0)
        return last <= since.astimezone(UTC)
    return False


def send(rendered: Rendered, *, private: bool = False, extension: str = "") -> Response:
    """The body, or a 304 when the caller already has this version."""
    headers = [
        *rendered.validators.headers,
        ("Cache-Control", PRIVATE_CACHE if private else SHARED_CACHE),
    ]
    if _not_modified(rendered):
        return Response(status=304, headers=headers)
    if extension:
        headers.append(
            ("Content-Disposition", f'inline; filename="{rendered.filename}.{extension}"')
        )
    if rendered.mimetype == feeds.JSON:
        headers.append(("Access-Control-Allow-Origin", "*"))
    return Response(rendered.body, mimetype=rendered.mimetype, headers=headers)


@bp.get("/events/<slug>/schedule.ics")
@json_errors
def event_feed(slug: str):
    return send(feeds.event_calendar(slug, base_url()), extension="ics")


@bp.get("/events/<slug>/rooms/<int:room_id>/schedule.ics")
@json_errors
def room_feed(slug: str, room_id: int):
    return send(feeds.room_calendar(slug, room_id, base_url()), extension="ics")


@bp.get("/events/<slug>/sessions/<int:session_id>/calendar.ics")
@json_errors
def session_feed(slug: str, session_id: int):
    return send(feeds.session_calendar(slug, session_id, base_url()), extension="ics")


@bp.get("/feeds/<feed_token>.ics")
@json_errors
def personal_feed(feed_token: str):
    rendered = feeds.personal_calendar(feed_token, base_url())
    save_feed_state()
    response = send(rendered, private=True, extension="ics")
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/events/<slug>/schedule.json")
@json_errors
def frab_json(slug: str):
    return send(feeds.frab_json(slug, base_url()))


@bp.get("/events/<slug>/schedule.xml")
@json_errors
def frab_xml(slug: str):
    return send(feeds.frab_xml(slug, base_url()))


@bp.get("/events/<slug>/rooms/<int:room_id>/qr.<any(png, svg):fmt>")
@json_errors
def room_qr(slug: str, room_id: int, fmt: str):
    """QR code of the room page, for door signs."""
    event = service.get_event(slug)
    room = service.get_room(event, room_id)
    url = room_page_url(event.slug, room.id)
    if fmt == "png":
        response = Response(qr_png(url), mimetype="image/png")
    else:
        response = Response(qr_svg(url), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
