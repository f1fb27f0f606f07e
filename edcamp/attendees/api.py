"""JSON API of joining: a join code and a profile for an attendee token."""

from __future__ import annotations

from flask import jsonify

from edcamp.api import api_blueprint
from edcamp.api.inputs import boolean, json_body, string, string_list, unknown_fields
from edcamp.api.openapi import document
from edcamp.attendees import service
from edcamp.errors import Invalid
from edcamp.events.service import get_event
from edcamp.extensions import db
from edcamp.publishing.links import personal_feed_url

bp = api_blueprint("attendees_api", __name__)


@bp.post("/events/<slug>/join")
@document(
    "Join an event with its join code",
    auth="join_code",
    body={
        "join_code": "string",
        "name": "string",
        "given_name?": "string",
        "family_name?": "string",
        "email?": "string",
        "share_contact?": "boolean",
        "share_email?": "boolean",
        "show_name?": "boolean",
        "role?": "string",
        "subjects?": "array",
        "grade_levels?": "array",
        "handles?": "object",
    },
    returns={"attendee_id": "integer", "attendee_token": "string", "feed_url": "string"},
    status=201,
    errors=(403, 422),
)
def join_api(slug: str):
    event = get_event(slug)
    body = json_body()
    unknown_fields(
        body,
        {
            "join_code",
            "name",
            "given_name",
            "family_name",
            "email",
            "share_contact",
            "share_email",
            "show_name",
            "role",
            "subjects",
            "grade_levels",
            "handles",
        },
    )
    handles = body.get("handles")
    if handles is None:
        handles = {}
    elif not isinstance(handles, dict):
        raise Invalid("'handles' must be an object.", field="handles")

    profile = service.Profile(
        name=string(body, "name", required=True, max_length=80),
        given_name=string(body, "given_name", max_length=80) or "",
        family_name=string(body, "family_name", max_length=80) or "",
        email=string(body, "email", max_length=254),
        role=string(body, "role", max_length=40) or "",
        subjects=string_list(body, "subjects") or [],
        grade_levels=string_list(body, "grade_levels") or [],
        handles={k: string(handles, k, max_length=300) for k in handles},
        share_contact=boolean(body, "share_contact", default=False),
        share_email=boolean(body, "share_email", default=False),
        show_name=boolean(body, "show_name", default=False),
    )
    attendee, token = service.join_event(
        event, string(body, "join_code", required=True, max_length=12), profile
    )
    db.session.commit()
    return jsonify(
        {
            "attendee_id": attendee.id,
            "attendee_token": token,
            "feed_url": personal_feed_url(attendee),
        }
    ), 201
