"""JSON API of joining: a join code and a profile for an attendee token."""

from __future__ import annotations

from datetime import timedelta

from flask import jsonify
from flask_babel import gettext as _

from edcamp.accounts.links import ATTENDEE_DEVICE, LIFETIMES
from edcamp.api import api_blueprint
from edcamp.api.auth import bearer_token, require_attendee
from edcamp.api.inputs import boolean, json_body, string, string_list, unknown_fields
from edcamp.api.openapi import document
from edcamp.attendees import comeback, service
from edcamp.attendees.joining import throttled_join
from edcamp.attendees.session import remember_attendee
from edcamp.errors import Invalid
from edcamp.events.service import get_event
from edcamp.extensions import db, limiter
from edcamp.models import utcnow
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
    errors=(403, 422, 429),
)
@throttled_join
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
        raise Invalid(_("'handles' must be an object."), field="handles")

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


@bp.post("/events/<slug>/attendee-link")
@limiter.limit(comeback.LINK_REQUESTS)
@document(
    "Mail the attendee of this event with this address a single-use sign-in link",
    body={"email": "string"},
    returns={"status": "string"},
    status=202,
    errors=(404, 422, 429),
)
def send_link_api(slug: str):
    event = get_event(slug)
    email = string(json_body(), "email", required=True, max_length=254)
    comeback.send_sign_in_link(event, email)
    db.session.commit()
    # 202 whatever the address: the answer never tells who is an attendee.
    return jsonify(
        {"status": _("If an attendee of this event has this address, a link is on its way.")}
    ), 202


@bp.post("/events/<slug>/me/device-link")
@document(
    "A 10-minute, single-use link that opens the calling attendee on another device",
    auth="attendee",
    returns={"url": "string", "expires_at": "string"},
    status=201,
    errors=(401,),
)
def device_link_api(slug: str):
    attendee = require_attendee(get_event(slug))
    url = comeback.device_link(attendee)
    db.session.commit()
    expires = utcnow() + LIFETIMES[ATTENDEE_DEVICE] - timedelta(seconds=1)
    return jsonify({"url": url, "expires_at": expires.isoformat() + "Z"}), 201


@bp.post("/events/<slug>/me/token")
@document(
    "A new attendee token for the caller. The old one, every other device's sign-in and "
    "every unused sign-in link stop working at once",
    auth="attendee",
    returns={"attendee_token": "string"},
    status=201,
    errors=(401, 403),
)
def rotate_token_api(slug: str):
    attendee = require_attendee(get_event(slug))
    token = comeback.rotate_token(attendee)
    db.session.commit()
    if bearer_token() is None:
        remember_attendee(attendee)  # the phone that asked stays signed in
    return jsonify({"attendee_token": token}), 201
