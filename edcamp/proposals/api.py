"""JSON API for proposals: propose, edit, co-facilitate, merge and undo a merge."""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _

from edcamp.api import api_blueprint
from edcamp.api.auth import (
    api_attendee,
    api_organizer,
    is_event_organizer,
    require_attendee,
    require_event_organizer,
)
from edcamp.api.inputs import boolean, integer, json_body, string, unknown_fields
from edcamp.api.openapi import document
from edcamp.errors import Invalid, Unauthorized
from edcamp.events.service import get_event
from edcamp.events.voting import voting_is_open
from edcamp.extensions import db
from edcamp.models import Attendee, Event
from edcamp.proposals import merging, service
from edcamp.proposals.duplicates import duplicate_pairs
from edcamp.signals import board_changed
from edcamp.voting.board import counts_hidden
from edcamp.voting.service import vote_counts

bp = api_blueprint("proposals_api", __name__)

PROPOSAL_OUT = {
    "id": "integer",
    "title": "string",
    "description": "string",
    "tags": "array",
    "language": "string",
    "needs": "array",
    "length": "integer",
    "facilitating": "boolean",
    "facilitators": "string[]",
    "facilitator_ids?": "integer[]",
    "proposer_id?": "integer",
    "mine?": "boolean",
    "i_facilitate?": "boolean",
    "hidden": "boolean",
}
TEXT_IN = {
    "description?": "string",
    "tags?": "array",
    "language?": "string",
    "needs?": "array",
    "length?": "integer",
}
TEXT_FIELDS = {"title", *(name.rstrip("?") for name in TEXT_IN)}


def _tags(body: dict) -> list[str] | None:
    value = body.get("tags")
    if value is None:
        return None
    if not isinstance(value, list):
        raise Invalid(_("'tags' must be a list of strings."), field="tags")
    return service.clean_tags(value)


def _text(body: dict, *, creating: bool) -> service.ProposalText:
    return service.ProposalText(
        title=string(body, "title", required=creating, max_length=service.TITLE_MAX),
        description=string(body, "description", max_length=service.DESCRIPTION_MAX),
        tags=_tags(body),
        language=string(body, "language", max_length=16),
        needs=_needs(body),
        length=integer(body, "length", minimum=1, maximum=2),
    )


def _needs(body: dict) -> list[str] | None:
    """Absent keeps the needs; null or [] clears them."""
    if "needs" not in body:
        return None
    value = body["needs"]
    if value is not None and not isinstance(value, list):
        raise Invalid(_("'needs' must be a list of words like 'projector'."), field="needs")
    return value or []


def _json(proposal, event: Event, *, organizer: bool, viewer: Attendee | None = None) -> dict:
    data = service.serialize(proposal, organizer=organizer, viewer=viewer)
    state = {"voting": "open" if voting_is_open(event) else "closed"}
    if organizer or not counts_hidden({**state, "show_counts": event.show_counts}):
        data["votes"] = vote_counts(event).get(proposal.id, 0)
    return data


@bp.post("/events/<slug>/proposals")
@document(
    "Propose a session (spends no vote); the proposer facilitates it unless it is a request",
    auth="attendee",
    body={"title": "string", **TEXT_IN, "facilitating?": "boolean", "show_name?": "boolean"},
    returns=PROPOSAL_OUT,
    status=201,
    errors=(422,),
)
def create_proposal(slug: str):
    event = get_event(slug)
    attendee = require_attendee(event)
    body = json_body()
    unknown_fields(
        body,
        {
            "title",
            "description",
            "tags",
            "language",
            "needs",
            "length",
            "facilitating",
            "show_name",
        },
    )
    text = _text(body, creating=True)
    facilitating = boolean(body, "facilitating", default=True)
    proposal = service.create_proposal(
        event, text, by=attendee, facilitating=facilitating, show_name=boolean(body, "show_name")
    )
    db.session.commit()
    board_changed.send(event)
    return jsonify(_json(proposal, event, organizer=False, viewer=attendee)), 201


@bp.get("/events/<slug>/proposals")
@document(
    "Every visible proposal (organizers: ?hidden=1 adds hidden ones)",
    returns={"proposals": "object[]"},
)
def list_proposals(slug: str):
    event = get_event(slug)
    organizer = is_event_organizer(event)
    viewer = None if organizer else api_attendee(event)
    include_hidden = organizer and request.args.get("hidden") == "1"
    proposals = service.list_proposals(event, include_hidden=include_hidden)
    return jsonify(
        {"proposals": [_json(p, event, organizer=organizer, viewer=viewer) for p in proposals]}
    )


@bp.get("/events/<slug>/proposals/<int:proposal_id>")
@document("One proposal", returns=PROPOSAL_OUT)
def get_proposal(slug: str, proposal_id: int):
    event = get_event(slug)
    organizer = is_event_organizer(event)
    viewer = None if organizer else api_attendee(event)
    proposal = service.get_proposal(event, proposal_id, include_hidden=organizer)
    return jsonify(_json(proposal, event, organizer=organizer, viewer=viewer))


@bp.patch("/events/<slug>/proposals/<int:proposal_id>")
@document(
    "Edit a proposal (its proposer until voting closes; organizers any time, and hide it)",
    auth="attendee",
    body={"title?": "string", **TEXT_IN, "hidden?": "boolean"},
    returns=PROPOSAL_OUT,
    errors=(422,),
)
def patch_proposal(slug: str, proposal_id: int):
    event = get_event(slug)
    organizer = event.is_organizer(api_organizer())
    attendee = None if organizer else api_attendee(event)
    if not organizer and attendee is None:
        raise Unauthorized(_("Send your attendee token or an organizer token."))
    proposal = service.get_proposal(event, proposal_id, include_hidden=organizer)
    body = json_body()
    unknown_fields(body, {"title", "description", "tags", "language", "needs", "length", "hidden"})
    service.update_proposal(
        proposal,
        _text(body, creating=False),
        attendee=attendee,
        organizer=organizer,
        hidden=boolean(body, "hidden"),
    )
    db.session.commit()
    board_changed.send(event)
    return jsonify(_json(proposal, event, organizer=organizer, viewer=attendee))


@bp.post("/events/<slug>/proposals/<int:proposal_id>/facilitators")
@document(
    "Offer to co-facilitate, or to lead a request (show_name: consent to a public name)",
    auth="attendee",
    body={"show_name?": "boolean"},
    returns=PROPOSAL_OUT,
)
def offer_to_facilitate(slug: str, proposal_id: int):
    event = get_event(slug)
    attendee = require_attendee(event)
    proposal = service.get_proposal(event, proposal_id)
    body = json_body()
    unknown_fields(body, {"show_name"})
    service.offer_to_facilitate(proposal, by=attendee, show_name=boolean(body, "show_name"))
    db.session.commit()
    board_changed.send(event)
    return jsonify(_json(proposal, event, organizer=False, viewer=attendee))


@bp.delete("/events/<slug>/proposals/<int:proposal_id>/facilitators")
@document("Withdraw an offer to facilitate", auth="attendee", returns=PROPOSAL_OUT)
def withdraw_facilitation(slug: str, proposal_id: int):
    event = get_event(slug)
    attendee = require_attendee(event)
    proposal = service.get_proposal(event, proposal_id)
    service.withdraw_facilitation(proposal, by=attendee)
    db.session.commit()
    board_changed.send(event)
    return jsonify(_json(proposal, event, organizer=False, viewer=attendee))


MERGE_OUT = {"merge_id": "integer", "source": "object", "target": "object"}


@bp.post("/events/<slug>/proposals/<int:proposal_id>/merge")
@document(
    "Merge a duplicate into another proposal: votes become the union, the duplicate is hidden",
    auth="organizer",
    body={"into": "integer"},
    returns=MERGE_OUT,
    errors=(409, 422),
)
def merge(slug: str, proposal_id: int):
    event = get_event(slug)
    require_event_organizer(event)
    body = json_body()
    unknown_fields(body, {"into"})
    into = integer(body, "into", required=True, minimum=1, maximum=2**31 - 1)
    source = service.get_proposal(event, proposal_id, include_hidden=True)
    target = service.get_proposal(event, into, include_hidden=True)
    record = merging.merge_proposals(event, source, target)
    db.session.commit()
    board_changed.send(event)
    return jsonify(
        {
            "merge_id": record.id,
            "source": _json(source, event, organizer=True),
            "target": _json(target, event, organizer=True),
        }
    )


@bp.post("/events/<slug>/merges/<int:merge_id>/undo")
@document(
    "Undo a merge while voting is open", auth="organizer", returns=PROPOSAL_OUT, errors=(409,)
)
def undo_merge(slug: str, merge_id: int):
    event = get_event(slug)
    require_event_organizer(event)
    record = merging.get_merge(event, merge_id)
    source = merging.undo_merge(event, record)
    db.session.commit()
    board_changed.send(event)
    return jsonify(_json(source, event, organizer=True))


@bp.get("/events/<slug>/merges")
@document(
    "Merges not undone yet, newest first, each saying whether it can be undone and why not",
    auth="organizer",
    returns={"merges": "object[]"},
)
def list_merges(slug: str):
    event = get_event(slug)
    require_event_organizer(event)
    items = []
    for record in merging.open_merges(event):
        blocker = merging.undo_blocker(event, record)
        items.append(
            {
                "id": record.id,
                "source_id": record.source_id,
                "target_id": record.target_id,
                "can_undo": blocker is None,
                "undo_blocked": (
                    None if blocker is None else {"code": blocker.code, "message": blocker.message}
                ),
            }
        )
    return jsonify({"merges": items})


@bp.get("/events/<slug>/proposals/duplicates")
@document(
    "Pairs of visible proposals with similar titles",
    auth="organizer",
    returns={"pairs": "object[]"},
)
def duplicates(slug: str):
    event = get_event(slug)
    require_event_organizer(event)
    titles = {p.id: p.title for p in service.list_proposals(event)}
    pairs = duplicate_pairs(titles)
    return jsonify({"pairs": [{"ids": [p.first_id, p.second_id], "score": p.score} for p in pairs]})
