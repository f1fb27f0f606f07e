"""JSON API for votes and the board (and its live stream)."""

from __future__ import annotations

from flask import jsonify, request

from edcamp import live
from edcamp.api import api_blueprint
from edcamp.api.auth import (
    bearer_token,
    claimed_session_attendees,
    is_event_organizer,
    require_attendee,
)
from edcamp.api.openapi import document
from edcamp.attendees.session import session_token_hashes
from edcamp.events.service import get_event
from edcamp.signals import board_changed
from edcamp.voting import service
from edcamp.voting.board import board_state, public_view
from edcamp.voting.live_board import board_stream

bp = api_blueprint("voting_api", __name__)

VOTE_OUT = {"votes_left": "integer", "voted": "boolean", "proposal_id": "integer"}
BOARD_OUT = {"voting": "string", "show_counts": "boolean", "proposals": "object[]"}


def _sees_counts(event) -> bool:
    """Organizers see counts, unless asking for the public view (the projector)."""
    return request.args.get("public") != "1" and is_event_organizer(event)


def _answer(ballot: service.Ballot, proposal_id: int):
    return jsonify(
        {
            "votes_left": ballot.votes_left,
            "voted": proposal_id in ballot.proposal_ids,
            "proposal_id": proposal_id,
            "my_votes": sorted(ballot.proposal_ids),
        }
    )


def _voter() -> service.Voter:
    """Who is voting: the bearer token's attendee, or the one a phone's session cookie
    holds for this event (a cookie-authenticated write must carry its CSRF header)."""
    token = bearer_token()
    if token is not None:
        return service.Voter.by_token(token)
    claims = claimed_session_attendees()
    return service.Voter(claims=claims, claim_hashes=session_token_hashes())


def _change_ballot(change, slug: str, proposal_id: int):
    """Cast or take back a vote (``service.vote`` / ``service.unvote``) for the caller,
    then tell the boards."""
    event, ballot = change(slug, proposal_id, _voter())
    board_changed.send(event)
    return _answer(ballot, proposal_id)


@bp.post("/events/<slug>/proposals/<int:proposal_id>/vote")
@document(
    "Vote for a proposal (repeating is a no-op); 409 no_votes_left or voting_closed",
    auth="attendee",
    returns=VOTE_OUT,
    errors=(409,),
)
def cast_vote(slug: str, proposal_id: int):
    return _change_ballot(service.vote, slug, proposal_id)


@bp.delete("/events/<slug>/proposals/<int:proposal_id>/vote")
@document(
    "Take a vote back (a no-op without one); 409 voting_closed",
    auth="attendee",
    returns=VOTE_OUT,
    errors=(409,),
)
def retract_vote(slug: str, proposal_id: int):
    return _change_ballot(service.unvote, slug, proposal_id)


@bp.get("/events/<slug>/votes")
@document(
    "The calling attendee's votes and how many are left",
    auth="attendee",
    returns={"votes_left": "integer", "my_votes": "integer[]"},
)
def my_votes(slug: str):
    event = get_event(slug)
    attendee = require_attendee(event)
    ballot = service.ballot_of(event, attendee)
    return jsonify({"votes_left": ballot.votes_left, "my_votes": sorted(ballot.proposal_ids)})


@bp.get("/events/<slug>/board")
@document(
    "The board, most votes first; counts withheld while hidden (except from organizers; "
    "?public=1 asks for the attendees' view). Answers If-None-Match with 304.",
    returns=BOARD_OUT,
)
def board(slug: str):
    event = get_event(slug)
    return live.conditional_json(public_view(board_state(event), organizer=_sees_counts(event)))


@bp.get("/events/<slug>/board/stream")
@document(
    "Server-sent events: the board on connect, then each change (coalesced), keepalives",
    content_type="text/event-stream",
)
def stream(slug: str):
    event = get_event(slug)
    return board_stream(event, organizer=_sees_counts(event))
