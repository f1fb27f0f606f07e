"""JSON API of mail: each event's outbox for its organizers."""

from __future__ import annotations

from flask import jsonify

from edcamp.api import api_blueprint
from edcamp.api.auth import require_event_organizer
from edcamp.api.openapi import document
from edcamp.events.service import get_event
from edcamp.mail import status

bp = api_blueprint("mail_api", __name__)


@bp.get("/events/<slug>/mail")
@document(
    "The event's outbox: every mail, queued, sent or failed, and why",
    auth="organizer",
    returns={"configured": "boolean", "mails": "array"},
    errors=(401, 403, 404),
)
def event_outbox_json(slug: str):
    event = get_event(slug)
    require_event_organizer(event)
    mails = [status.mail_json(view) for view in status.event_mail(event)]
    return jsonify({"configured": status.mail_configured(), "mails": mails})
