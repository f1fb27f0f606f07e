"""Feedback pages: "useful / not for me" on a session page after it ends, and the page where
a session's facilitators (and the event's organizers) read it."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from edcamp.attendees.session import session_attendee
from edcamp.errors import DomainError, Forbidden
from edcamp.events.service import get_event
from edcamp.extensions import db
from edcamp.feedback import service
from edcamp.feedback.forms import FeedbackForm, WithdrawFeedbackForm
from edcamp.models import Attendee, Proposal
from edcamp.pages import attendee_page
from edcamp.proposals.service import get_proposal
from edcamp.urls import MAX_ID

bp = Blueprint("feedback", __name__)


@bp.app_template_global()
def session_feedback_state(attendee: Attendee | None, session_id: int):
    """(state, window, my feedback or None) for ``feedback/_on_session_page.html``."""
    proposal = db.session.get(Proposal, session_id) if 0 < session_id <= MAX_ID else None
    if proposal is None:
        return "unscheduled", None, None
    state, window = service.feedback_state(attendee, proposal)
    return state, window, service.my_feedback(attendee, proposal)


@bp.app_template_global()
def sessions_led_by(attendee: Attendee | None) -> list[Proposal]:
    return service.led_sessions(attendee) if attendee is not None else []


def _partial(event, proposal, attendee, form, error=None):
    return render_template(
        "feedback/_form.html",
        event=event,
        session_id=proposal.id,
        attendee=attendee,
        form=form,
        error=error,
    )


@bp.post("/events/<slug>/sessions/<int:session_id>/feedback", endpoint="give")
def give(slug: str, session_id: int):
    event, attendee = attendee_page(slug)
    proposal = get_proposal(event, session_id)
    form = FeedbackForm()
    error, done = None, _("Thank you: the facilitators will read your feedback.")
    if request.form.get("withdraw") == "1":
        form = FeedbackForm(formdata=None)
        if WithdrawFeedbackForm().validate_on_submit():
            service.withdraw_feedback(attendee, proposal)
            db.session.commit()
            done = _("Your feedback on this session is removed.")
        else:
            error = _("The form expired. Please try again.")
    elif not form.validate_on_submit():
        error = next(iter(form.errors.values()), [_("The form expired. Please try again.")])[0]
    else:
        try:
            service.give_feedback(
                attendee, proposal, useful=form.useful.data == "yes", comment=form.comment.data
            )
        except DomainError as failed:
            db.session.rollback()
            error = failed.message
        else:
            db.session.commit()
    if request.headers.get("HX-Request"):
        # 200 even for a refusal: htmx swaps in only 2xx answers, and the box shows why.
        return _partial(event, proposal, attendee, form, error), 200
    if error:
        flash(error, "error")
    else:
        flash(done, "success")
    target = url_for("publishing.session", slug=slug, session_id=session_id)
    return redirect(target + "#feedback")


@bp.get("/events/<slug>/sessions/<int:session_id>/feedback", endpoint="read")
def read(slug: str, session_id: int):
    """A session's facilitators and the event's organizers; everyone else is turned away."""
    event = get_event(slug)
    organizer = current_user if current_user.is_authenticated else None
    attendee = session_attendee(event)
    is_organizer = organizer is not None and event.is_organizer(organizer)
    proposal = get_proposal(event, session_id, include_hidden=is_organizer)
    if organizer is None and attendee is None:
        raise Forbidden(_("Sign in as an organizer, or open this on the phone you led it from."))
    summary = service.session_feedback(proposal, attendee=attendee, organizer=organizer)
    return render_template(
        "feedback/read.html",
        event=event,
        proposal=proposal,
        summary=summary,
        is_organizer=is_organizer,
    )
