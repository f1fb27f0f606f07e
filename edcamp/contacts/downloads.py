"""How contact downloads leave the server: the ``?proposal=`` argument, private attachments."""

from __future__ import annotations

from flask import Response, request
from flask_babel import gettext as _

from edcamp.contacts.access import Download
from edcamp.contacts.exports import EXPORTS, build_export
from edcamp.errors import Invalid
from edcamp.urls import MAX_ID


def proposal_arg() -> int | None:
    """``?proposal=<id>``: absent is None; anything but a positive id is a clear 422."""
    raw = request.args.get("proposal")
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12 or not 0 < int(raw) <= MAX_ID:
        raise Invalid(_("'proposal' must be a session id (a positive number)."), field="proposal")
    return int(raw)


def private_attachment(body: str, *, content_type: str, filename: str) -> Response:
    """A download of personal data: never cached on the way, never sniffed as a page."""
    response = Response(body, mimetype=content_type.split(";")[0])
    response.headers["Content-Type"] = content_type
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def send_export(download: Download) -> Response:
    body = build_export(download.name, download.contacts, title=download.title)
    return private_attachment(
        body, content_type=EXPORTS[download.name].mimetype, filename=download.filename
    )
