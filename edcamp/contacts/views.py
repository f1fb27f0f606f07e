"""Attendee pages: profile and consent, check-in, connect, follow-up."""

from __future__ import annotations

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from edcamp.attendees.forms import profile_from_form
from edcamp.attendees.session import forget_attendee, session_attendee
from edcamp.contacts import access, followup, people, privacy
from edcamp.contacts.checkin_window import CheckinWindow, utcnow
from edcamp.contacts.downloads import proposal_arg, send_export
from edcamp.contacts.forms import DeleteMeForm, ProfileForm
from edcamp.contacts.resources import wall
from edcamp.errors import DomainError
from edcamp.events.service import get_event
from edcamp.extensions import db
from edcamp.models import Attendee, Proposal
from edcamp.pages import attendee_page, show_form_error
from edcamp.proposals.service import get_proposal
from edcamp.urls import MAX_ID

bp = Blueprint("contacts", __name__)


@bp.app_template_global()
def checked_in_here(attendee: Attendee | None, session_id: int) -> bool:
    """For ``contacts/_checkin_partial.html`` on the session page."""
    if attendee is None:
        return False
    if not 0 < session_id <= MAX_ID:
        return False
    proposal = db.session.get(Proposal, session_id)
    return proposal is not None and people.is_checked_in(attendee, proposal)


@bp.app_template_global()
def checkin_window_state(session_id: int, moment=None) -> tuple[str, CheckinWindow | None]:
    """('open' | 'early' | 'over' | 'unscheduled', window) for the check-in partial."""
    proposal = db.session.get(Proposal, session_id) if 0 < session_id <= MAX_ID else None
    window = people.checkin_window(proposal) if proposal is not None else None
    if window is None:
        return "unscheduled", None
    return window.state(moment or utcnow()), window


# --- profile and consent --------------------------------------------------


def _filled_profile_form(attendee: Attendee) -> ProfileForm:
    form = ProfileForm(formdata=None, obj=attendee)
    form.subjects.data = ", ".join(attendee.subjects or [])
    return form


@bp.route("/events/<slug>/me", methods=["GET", "POST"])
def profile(slug: str):
    event, attendee = attendee_page(slug)
    # Only a GET fills the form from the attendee: on POST, a field left out means "empty".
    form = ProfileForm() if request.method == "POST" else _filled_profile_form(attendee)
    if form.validate_on_submit():
        try:
            privacy.update_profile(attendee, profile_from_form(form))
        except DomainError as error:
            db.session.rollback()
            show_form_error(form, error)
        else:
            db.session.commit()
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("contacts.profile", slug=slug))
    status = 422 if form.errors else 200
    return render_template(
        "contacts/profile.html",
        event=event,
        attendee=attendee,
        form=form,
        delete_form=DeleteMeForm(formdata=None),
    ), status


@bp.post("/events/<slug>/me/delete")
def delete_me(slug: str):
    event, attendee = attendee_page(slug)
    form = DeleteMeForm()
    if not form.validate_on_submit():
        return render_template(
            "contacts/profile.html",
            event=event,
            attendee=attendee,
            form=_filled_profile_form(attendee),
            delete_form=form,
        ), 422
    privacy.delete_attendee(attendee)
    db.session.commit()
    forget_attendee(event)
    flash(
        _("Your personal data is erased. Your votes stay, anonymously, in the counts."), "success"
    )
    return redirect(url_for("attendees.home", slug=slug))


# --- check-in -------------------------------------------------------------


def _checkin_partial(event, session_id: int, attendee: Attendee, error: str | None = None):
    """The "I'm here" button alone, for the session and room pages' in-place update."""
    return render_template(
        "contacts/_checkin_partial.html",
        event=event,
        session_id=session_id,
        attendee=attendee,
        error=error,
    )


@bp.route("/events/<slug>/sessions/<int:session_id>/checkin", methods=["GET", "POST"])
def checkin(slug: str, session_id: int):
    """GET: a one-tap page (a door sign's QR can point here); POST: I'm here / not here."""
    event = get_event(slug)
    proposal = get_proposal(event, session_id)
    attendee = session_attendee(event)
    if attendee is None:
        flash(_("Join the event first, then tap \u201cI'm here\u201d again."), "info")
        return redirect(url_for("attendees.join", slug=slug))
    if request.method == "POST":
        here = request.form.get("here", "1") == "1"
        partial = request.headers.get("HX-Request")
        try:
            people.set_checked_in(attendee, proposal, here)
        except DomainError as error:
            db.session.rollback()
            if partial:
                return _checkin_partial(event, session_id, attendee, error.message), error.status
            raise
        db.session.commit()
        if partial:
            return _checkin_partial(event, session_id, attendee)
        if here:
            flash(
                _("You're checked in to \u201c%(session)s\u201d.", session=proposal.title),
                "success",
            )
        else:
            flash(_("Check-in undone."), "success")
        return redirect(url_for("contacts.checkin", slug=slug, session_id=session_id))
    return render_template(
        "contacts/checkin.html", event=event, proposal=proposal, attendee=attendee
    )


# --- connect and follow-up ------------------------------------------------


@bp.get("/events/<slug>/me/connect")
def connect(slug: str):
    event, attendee = attendee_page(slug)
    published = bool(people.published_entries(event))
    return render_template(
        "contacts/connect.html",
        event=event,
        attendee=attendee,
        published=published,
        sessions=followup.my_sessions(attendee),
        exports=access.ATTENDEE_EXPORTS,
    )


@bp.get("/events/<slug>/me/follow-up", endpoint="followup")
def followup_page(slug: str):
    event, attendee = attendee_page(slug)
    return render_template(
        "contacts/followup.html",
        event=event,
        attendee=attendee,
        sessions=followup.my_sessions(attendee),
        suggestions=followup.suggestions_for(attendee),
        wall=wall(event, viewer=attendee)[:20],
    )


@bp.get("/events/<slug>/me/export/<name>")
def my_export(slug: str, name: str):
    _event, attendee = attendee_page(slug)
    return send_export(access.attendee_download(attendee, name, proposal_arg()))
