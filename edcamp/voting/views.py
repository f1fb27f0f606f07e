"""Pages: the phone's voting page and the projector board."""

from __future__ import annotations

from datetime import UTC

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from edcamp.attendees.session import session_attendee
from edcamp.errors import DomainError
from edcamp.events.posters import join_url, short_url
from edcamp.events.service import get_event, zone
from edcamp.events.views import organizer_event
from edcamp.extensions import db
from edcamp.models import Attendee, Event
from edcamp.proposals import service as proposals
from edcamp.proposals.forms import ProposalForm
from edcamp.voting import service
from edcamp.voting.board import board_state, counts_hidden, public_view
from edcamp.voting.live_board import announce, connect_signals

bp = Blueprint("voting", __name__)
bp.record_once(lambda _state: connect_signals())


def phone_page(event: Event, attendee: Attendee, form: ProposalForm | None = None):
    board = public_view(board_state(event))
    ballot = service.ballot_of(event, attendee)
    items = {p.id: p for p in proposals.list_proposals(event)}
    cards = [
        {
            **item,
            "description": items[item["id"]].description,
            "mine": items[item["id"]].proposer_id == attendee.id,
        }
        for item in board["proposals"]
    ]
    if counts_hidden(board):  # the phone lists newest first while counts are hidden
        cards.sort(key=lambda card: -card["id"])
    tags = sorted({tag for card in cards for tag in card["tags"]})
    shown = {card["id"] for card in cards}
    # Votes on proposals hidden since (not merged: a merge moved them): take them back here.
    stranded = [
        p
        for p in proposals.list_proposals(event, include_hidden=True)
        if p.id in ballot.proposal_ids and p.id not in shown and p.merged_into_id is None
    ]
    form = form or ProposalForm(formdata=None, data={"show_name": attendee.show_name})
    status = 422 if form.errors else 200
    return render_template(
        "voting/phone.html",
        event=event,
        attendee=attendee,
        board=board,
        cards=cards,
        tags=tags,
        ballot=ballot,
        my_ids=sorted(ballot.proposal_ids),
        stranded=stranded,
        closes_at=_local_clock(event),
        form=form,
    ), status


def _local_clock(event: Event) -> str | None:
    """The scheduled close as the event's wall-clock time, e.g. "11:30"."""
    if event.voting_closes_at is None:
        return None
    moment = event.voting_closes_at.replace(tzinfo=UTC).astimezone(zone(event))
    return moment.strftime("%H:%M")


@bp.get("/events/<slug>/vote")
def phone(slug: str):
    event = get_event(slug)
    attendee = session_attendee(event)
    if attendee is None:
        flash("Join the event first, then you can vote.", "info")
        return redirect(url_for("attendees.join", slug=slug))
    return phone_page(event, attendee)


@bp.post("/events/<slug>/vote/<int:proposal_id>")
def toggle_vote(slug: str, proposal_id: int):
    """The no-script fallback of the vote button: toggle, then back to the list."""
    event = get_event(slug)
    attendee = session_attendee(event)
    if attendee is None:
        return redirect(url_for("attendees.join", slug=slug))
    change = service.unvote if request.form.get("action") == "unvote" else service.vote
    try:
        change(slug, proposal_id, service.Voter.of(attendee))
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        announce(event)
    return redirect(url_for("voting.phone", slug=slug) + f"#p{proposal_id}")


@bp.get("/events/<slug>/board")
@login_required
def projector(slug: str):
    """The projector: full screen, large type, live, with the join QR code."""
    event = organizer_event(slug)
    board = public_view(board_state(event))
    return render_template(
        "voting/board.html",
        event=event,
        board=board,
        join_url=join_url(event),
        short_url=short_url(event),
        organizer=current_user,
    )
