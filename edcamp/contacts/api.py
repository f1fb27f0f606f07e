"""JSON API of the follow-up: profile and consent, self-delete, check-in, the resource wall.

The same domain functions as the pages, so a consent or a rule lives in one place.
"""

from __future__ import annotations

from dataclasses import asdict

from flask import jsonify
from flask_babel import gettext as _

from edcamp.api import api_blueprint
from edcamp.api.auth import require_attendee
from edcamp.api.inputs import boolean, json_body, string, string_list, unknown_fields
from edcamp.api.openapi import document
from edcamp.attendees.service import Profile, set_unavailable_slots
from edcamp.contacts import followup, people, privacy, resources
from edcamp.contacts.handles import HANDLE_KINDS
from edcamp.errors import Invalid
from edcamp.events.service import get_event, local_datetime
from edcamp.extensions import db
from edcamp.models import Attendee
from edcamp.proposals.service import get_proposal

bp = api_blueprint("contacts_api", __name__)

PROFILE_FIELDS = {
    "name?": "string",
    "given_name?": "string",
    "family_name?": "string",
    "email?": "string",
    "role?": "string",
    "subjects?": "array",
    "grade_levels?": "array",
    "handles?": "object",
    "share_contact?": "boolean",
    "share_email?": "boolean",
    "show_name?": "boolean",
    "unavailable_slot_ids?": "integer[]",
}


def profile_json(attendee: Attendee) -> dict:
    return {
        "attendee_id": attendee.id,
        "name": attendee.name,
        "given_name": attendee.given_name or "",
        "family_name": attendee.family_name or "",
        "email": attendee.email,
        "role": attendee.role,
        "subjects": list(attendee.subjects or []),
        "grade_levels": list(attendee.grade_levels or []),
        "handles": {k: getattr(attendee, k) for k in HANDLE_KINDS},
        "share_contact": attendee.share_contact,
        "share_email": attendee.share_email,
        "show_name": attendee.show_name,
        "unavailable_slot_ids": list(attendee.unavailable_slot_ids or []),
    }


def _kept(body: dict, name: str, current: dict) -> str:
    """PATCH semantics for a text field: absent keeps it; null or "" clears it."""
    if name not in body:
        return current[name]
    return string(body, name, max_length=80) or ""


def _new_list(body: dict, name: str, current: dict) -> list[str]:
    """PATCH semantics: absent keeps the current list; null or [] empties it."""
    if name not in body:
        return current[name]
    return string_list(body, name) or []


@bp.get("/events/<slug>/me")
@document("The calling attendee's profile and consent", auth="attendee", errors=(401,))
def get_me(slug: str):
    attendee = require_attendee(get_event(slug))
    return jsonify(profile_json(attendee))


@bp.patch("/events/<slug>/me")
@document(
    "Change one's profile, handles or consent (share_contact, share_email, show_name)",
    auth="attendee",
    body=PROFILE_FIELDS,
    errors=(400, 401, 422),
)
def patch_me(slug: str):
    attendee = require_attendee(get_event(slug))
    body = json_body()
    unknown_fields(body, {k.rstrip("?") for k in PROFILE_FIELDS})
    handles = body.get("handles")
    if handles is not None and not isinstance(handles, dict):
        raise Invalid(_("'handles' must be an object."), field="handles")
    current = profile_json(attendee)
    merged_handles = dict(current["handles"])
    for kind in handles or {}:
        if kind not in HANDLE_KINDS:
            raise Invalid(_("Unknown handle '%(kind)s'.", kind=kind), field=kind)
        merged_handles[kind] = string(handles, kind, max_length=300)
    email = string(body, "email", max_length=254) if "email" in body else current["email"]
    profile = Profile(
        name=string(body, "name", max_length=80) or current["name"] or "",
        email=email or None,
        given_name=_kept(body, "given_name", current),
        family_name=_kept(body, "family_name", current),
        role=string(body, "role", max_length=40) if "role" in body else current["role"],
        subjects=_new_list(body, "subjects", current),
        grade_levels=_new_list(body, "grade_levels", current),
        handles=merged_handles,
        share_contact=boolean(body, "share_contact", default=attendee.share_contact),
        share_email=boolean(body, "share_email", default=attendee.share_email),
        show_name=boolean(body, "show_name", default=attendee.show_name),
    )
    if "unavailable_slot_ids" in body:
        set_unavailable_slots(attendee, body["unavailable_slot_ids"] or [])
    privacy.update_profile(attendee, profile)
    db.session.commit()
    return jsonify(profile_json(attendee))


@bp.delete("/events/<slug>/me")
@document(
    "Erase oneself: personal data goes, votes stay as anonymous counts",
    auth="attendee",
    status=204,
    errors=(401,),
)
def delete_me(slug: str):
    attendee = require_attendee(get_event(slug))
    privacy.delete_attendee(attendee)
    db.session.commit()
    return "", 204


@bp.put("/events/<slug>/sessions/<int:session_id>/checkin")
@document(
    'Check in to a published session ("I\'m here"); several per slot are fine',
    auth="attendee",
    returns={"checked_in": "boolean"},
    errors=(401, 404, 409),
)
def put_checkin(slug: str, session_id: int):
    event = get_event(slug)
    attendee = require_attendee(event)
    people.check_in(attendee, get_proposal(event, session_id))
    db.session.commit()
    return jsonify({"checked_in": True})


@bp.delete("/events/<slug>/sessions/<int:session_id>/checkin")
@document("Undo a check-in", auth="attendee", returns={"checked_in": "boolean"}, errors=(401, 404))
def delete_checkin(slug: str, session_id: int):
    event = get_event(slug)
    attendee = require_attendee(event)
    people.undo_check_in(attendee, get_proposal(event, session_id))
    db.session.commit()
    return jsonify({"checked_in": False})


@bp.get("/events/<slug>/resources")
@document("The event's resource wall, newest first", returns={"resources": "object[]"})
def list_resources(slug: str):
    event = get_event(slug)
    items = [asdict(item) for item in resources.wall(event)]
    for item in items:
        item.pop("mine")
    return jsonify({"resources": items})


@bp.post("/events/<slug>/resources")
@document(
    "Post a link with one line about it to the resource wall",
    auth="attendee",
    body={"url": "string", "note?": "string"},
    returns={"id": "integer", "url": "string", "note": "string"},
    status=201,
    errors=(400, 401, 422),
)
def create_resource(slug: str):
    attendee = require_attendee(get_event(slug))
    body = json_body()
    unknown_fields(body, {"url", "note"})
    resource = resources.post_resource(
        attendee,
        string(body, "url", required=True, max_length=500),
        string(body, "note", max_length=resources.MAX_NOTE) or "",
    )
    db.session.commit()
    return jsonify({"id": resource.id, "url": resource.url, "note": resource.note}), 201


def _card_json(card) -> dict:
    return {
        "attendee_id": card.id,
        "name": card.name,
        "role": card.role,
        "subjects": list(card.subjects),
        "grade_levels": list(card.grade_levels),
        "email": card.email,
        "links": [
            {"label": link.label, "handle": link.text, "url": link.url} for link in card.links
        ],
    }


@bp.get("/events/<slug>/me/connect")
@document(
    "My published sessions with their consenting people, and people to connect with",
    auth="attendee",
    returns={"sessions": "array", "suggestions": "array", "outside_bubble": "array"},
    errors=(401,),
)
def get_connect(slug: str):
    event = get_event(slug)
    attendee = require_attendee(event)
    found = followup.suggestions_for(attendee)
    sessions = [
        {
            "id": s.id,
            "title": s.title,
            "room": s.room,
            "starts_at": local_datetime(event, s.starts_at).isoformat(),
            "ends_at": local_datetime(event, s.ends_at).isoformat(),
            "notes_url": s.notes_url or None,
            "people": [_card_json(card) for card in s.people],
        }
        for s in followup.my_sessions(attendee)
    ]
    return jsonify(
        {
            "sessions": sessions,
            "suggestions": [{**_card_json(s.card), "reason": s.reason} for s in found.people],
            "outside_bubble": [
                {**_card_json(s.card), "reason": s.reason} for s in found.outside_bubble
            ],
        }
    )
