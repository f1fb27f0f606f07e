"""Co-organizers through the API: invite, list, remove, leave; pending invitations."""

from __future__ import annotations

from flask import jsonify

from edcamp.api import api_blueprint
from edcamp.api.auth import require_event_organizer
from edcamp.api.inputs import json_body, string
from edcamp.api.openapi import document
from edcamp.events.service import get_event
from edcamp.extensions import db
from edcamp.organizers import service

api = api_blueprint("organizers_api", __name__)


def _team(event) -> dict:
    return {
        "organizers": [service.organizer_json(o) for o in event.organizers],
        "invitations": [service.invitation_json(i) for i in service.pending_invitations(event)],
    }


@api.get("/events/<slug>/organizers")
@document(
    "The event's organizers and pending invitations",
    auth="organizer",
    returns={"organizers": "array", "invitations": "array"},
    errors=(401, 403, 404),
)
def list_organizers(slug: str):
    event = get_event(slug)
    require_event_organizer(event)
    return jsonify(_team(event))


@api.post("/events/<slug>/organizers")
@document(
    "Invite a co-organizer by mail (an account is made when they accept); the answer is the "
    "same whether or not the address has an account",
    auth="organizer",
    body={"email": "string"},
    returns={"invitation": "object", "organizers": "array", "invitations": "array"},
    status=201,
    errors=(401, 403, 404, 409, 422),
)
def invite(slug: str):
    event = get_event(slug)
    organizer = require_event_organizer(event)
    email = string(json_body(), "email", required=True, max_length=254)
    invitation = service.invite(event, email, by=organizer)
    db.session.commit()
    return jsonify({"invitation": service.invitation_json(invitation), **_team(event)}), 201


@api.delete("/events/<slug>/organizers/<int:organizer_id>")
@document(
    "Remove an organizer (your own id: leave the event); the last one cannot be removed",
    auth="organizer",
    status=204,
    errors=(401, 403, 404, 409),
)
def remove(slug: str, organizer_id: int):
    event = get_event(slug)
    organizer = require_event_organizer(event)
    service.remove_organizer(event, organizer_id, by=organizer)
    db.session.commit()
    return "", 204


@api.post("/events/<slug>/invitations/<int:invitation_id>/resend")
@document(
    "Mail a pending invitation again, with a fresh link",
    auth="organizer",
    returns={"invitation": "object"},
    errors=(401, 403, 404, 409),
)
def resend(slug: str, invitation_id: int):
    event = get_event(slug)
    organizer = require_event_organizer(event)
    invitation = service.get_invitation(event, invitation_id)
    service.resend(invitation, by=organizer)
    db.session.commit()
    return jsonify({"invitation": service.invitation_json(invitation)})


@api.delete("/events/<slug>/invitations/<int:invitation_id>")
@document("Revoke a pending invitation", auth="organizer", status=204, errors=(401, 403, 404, 409))
def revoke(slug: str, invitation_id: int):
    event = get_event(slug)
    require_event_organizer(event)
    service.revoke(service.get_invitation(event, invitation_id))
    db.session.commit()
    return "", 204
