"""JSON API of "my schedule" (stars, the personal calendar link) and of a session's links."""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _

from edcamp.api import api_blueprint
from edcamp.api.auth import api_attendee, require_event_organizer
from edcamp.api.inputs import json_body, string, unknown_fields
from edcamp.api.openapi import document
from edcamp.attendees.service import rotate_feed_token
from edcamp.errors import Invalid, Unauthorized
from edcamp.extensions import db
from edcamp.models import Attendee
from edcamp.publishing import notes, personal, service
from edcamp.publishing.links import personal_feed_url

bp = api_blueprint("publishing_api", __name__)

MY_SCHEDULE = {"stars": "integer[]", "my_sessions": "integer[]", "feed_url": "string"}
SESSION_DETAILS = {
    "id": "integer",
    "notes_url": "string",
    "video_url": "string",
    "language": "string",
}


def _attendee(slug: str) -> Attendee:
    event = service.get_event(slug)
    attendee = api_attendee(event)
    if attendee is None:
        raise Unauthorized(_("Send your attendee token: Authorization: Bearer <token>."))
    return attendee


def _my_schedule(attendee: Attendee) -> dict:
    return {
        "stars": sorted(personal.starred_ids(attendee)),
        "my_sessions": sorted(personal.my_session_ids(attendee)),
        "feed_url": personal_feed_url(attendee),
    }


@bp.get("/events/<slug>/stars")
@document(
    "My schedule: starred sessions, voted or starred, and my calendar feed",
    auth="attendee",
    returns=MY_SCHEDULE,
    errors=(401, 404),
)
def my_stars(slug: str):
    return jsonify(_my_schedule(_attendee(slug)))


@bp.put("/events/<slug>/stars/<int:proposal_id>")
@document(
    "Star a session for my schedule (repeating is a no-op)",
    auth="attendee",
    returns=MY_SCHEDULE,
    errors=(401, 404),
)
def add_star(slug: str, proposal_id: int):
    attendee = _attendee(slug)
    personal.set_star(attendee, proposal_id, True)
    db.session.commit()
    return jsonify(_my_schedule(attendee))


@bp.delete("/events/<slug>/stars/<int:proposal_id>")
@document(
    "Unstar a session (repeating is a no-op)",
    auth="attendee",
    returns=MY_SCHEDULE,
    errors=(401, 404),
)
def remove_star(slug: str, proposal_id: int):
    attendee = _attendee(slug)
    personal.set_star(attendee, proposal_id, False)
    db.session.commit()
    return jsonify(_my_schedule(attendee))


@bp.put("/events/<slug>/sessions/<int:proposal_id>/notes-link")
@document(
    "Set or clear one session's shared-notes link (wins over the event's template)",
    auth="organizer",
    body={"notes_url": "string"},
    returns={"id": "integer", "notes_url": "string"},
    errors=(401, 403, 404, 422),
)
def set_notes_link(slug: str, proposal_id: int):
    event = service.get_event(slug)
    organizer = require_event_organizer(event)
    body = json_body()
    unknown_fields(body, {"notes_url"})
    if "notes_url" not in body:
        raise Invalid(
            _("'%(field)s' is required (an empty string clears it).", field="notes_url"),
            field="notes_url",
        )
    value = string(body, "notes_url", max_length=notes.MAX_LENGTH)
    proposal = notes.set_notes_url(event, proposal_id, value or "", by=organizer)
    db.session.commit()
    return jsonify({"id": proposal.id, "notes_url": proposal.notes_url})


@bp.patch("/events/<slug>/sessions/<int:proposal_id>")
@document(
    "Set a session's links (notes, video) and language; '' clears one, a missing key keeps it",
    auth="organizer",
    body={"notes_url?": "string", "video_url?": "string", "language?": "string"},
    returns=SESSION_DETAILS,
    errors=(401, 403, 404, 422),
)
def patch_session(slug: str, proposal_id: int):
    event = service.get_event(slug)
    organizer = require_event_organizer(event)
    body = json_body()
    unknown_fields(body, {"notes_url", "video_url", "language"})
    proposal = notes.set_session_details(
        event,
        proposal_id,
        by=organizer,
        notes_url=string(body, "notes_url", max_length=notes.MAX_LENGTH),
        video_url=string(body, "video_url", max_length=notes.MAX_LENGTH),
        language=string(body, "language", max_length=16),
    )
    db.session.commit()
    return jsonify(
        {
            "id": proposal.id,
            "notes_url": proposal.notes_url,
            "video_url": proposal.video_url,
            "language": proposal.language or event.language,
        }
    )


@bp.post("/events/<slug>/feed-token")
@document(
    "Replace my calendar feed link (the old one stops working)",
    auth="attendee",
    returns={"feed_url": "string"},
    errors=(401, 404),
)
def rotate_feed(slug: str):
    attendee = _attendee(slug)
    rotate_feed_token(attendee)
    db.session.commit()
    return jsonify({"feed_url": personal_feed_url(attendee)})
