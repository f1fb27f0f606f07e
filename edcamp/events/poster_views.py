"""The join QR code and the printable poster for the hall."""

from __future__ import annotations

from flask import Blueprint, Response, render_template
from flask_login import login_required

from edcamp.events.links import join_url, short_url
from edcamp.models import Event
from edcamp.pages import organizer_event, organizer_file
from edcamp.publishing.qr import qr_png, qr_svg

bp = Blueprint("posters", __name__)


def _image(body: bytes, mimetype: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.get("/events/<slug>/join.svg")
@organizer_file
def join_svg(event: Event):
    return _image(qr_svg(join_url(event)), "image/svg+xml")


@bp.get("/events/<slug>/join.png")
@organizer_file
def join_png(event: Event):
    return _image(qr_png(join_url(event)), "image/png")


@bp.get("/events/<slug>/poster")
@login_required
def poster(slug: str):
    event = organizer_event(slug)
    return render_template(
        "events/poster.html", event=event, join_url=join_url(event), short_url=short_url(event)
    )
