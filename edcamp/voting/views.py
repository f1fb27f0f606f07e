"""Pages: the phone's voting page (drawn by ``edcamp.voting.phone``) and the projector board."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from edcamp.attendees.session import session_attendee
from edcamp.errors import DomainError
from edcamp.events.links import join_url, short_url
from edcamp.events.service import get_event
from edcamp.extensions import db
from edcamp.pages import organizer_event
from edcamp.signals import board_changed
from edcamp.voting import service
from edcamp.voting.board import board_state, public_view
from edcamp.voting.phone import phone_page

bp = Blueprint("voting", __name__)


@bp.get("/events/<slug>/vote")
def phone(slug: str):
    event = get_event(slug)
    attendee = session_attendee(event)
    if attendee is None:
        flash(_("Join the event first, then you can vote."), "info")
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
        board_changed.send(event)
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
