"""Co-organizer pages: accepting an invitation, removing, leaving, resending, revoking."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from edcamp.accounts import sessions
from edcamp.accounts.forms import ConfirmForm, SignupForm
from edcamp.errors import DomainError
from edcamp.extensions import db
from edcamp.organizers import service
from edcamp.pages import organizer_event, show_form_error

bp = Blueprint("organizers", __name__)


@bp.app_template_global()
def pending_invitations(event):
    return service.pending_invitations(event)


@bp.get("/invitations/<token>")
def invitation(token: str):
    return _invitation_page(token)


def _invitation_page(token: str, form: SignupForm | None = None, status: int = 200):
    invitation = service.open_invitation(token)
    form = form or SignupForm(formdata=None, data={"email": invitation.email})
    return render_template(
        "organizers/invitation.html",
        invitation=invitation,
        token=token,
        form=form,
        accept_form=ConfirmForm(),
        policy=current_app.config["EDCAMP_SIGNUP"],
    ), status


@bp.post("/invitations/<token>/accept")
@login_required
def accept(token: str):
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("organizers.invitation", token=token))
    event = service.accept(token, current_user)
    db.session.commit()
    flash(_("You co-organize %(event)s now.", event=event.name), "success")
    return redirect(url_for("events.manage", slug=event.slug))


@bp.post("/invitations/<token>/signup")
def accept_with_account(token: str):
    form = SignupForm()
    invitation = service.open_invitation(token)
    form.email.data = invitation.email  # the invited address, whatever was posted
    if form.validate_on_submit():
        try:
            organizer = service.accept_with_new_account(
                token,
                name=form.name.data,
                password=form.password.data,
                policy=current_app.config["EDCAMP_SIGNUP"],
            )
        except DomainError as error:
            db.session.rollback()
            show_form_error(form, error)
        else:
            sessions.start_session(organizer)
            db.session.commit()
            flash(
                _("Welcome! You co-organize %(event)s now.", event=invitation.event.name),
                "success",
            )
            return redirect(url_for("events.manage", slug=invitation.event.slug))
    return _invitation_page(token, form, 422)


def _back(slug: str):
    return redirect(url_for("events.manage", slug=slug) + "#organizers")


@bp.post("/events/<slug>/organizers/<int:organizer_id>/remove")
@login_required
def remove(slug: str, organizer_id: int):
    event = organizer_event(slug)
    leaving = organizer_id == current_user.id
    try:
        service.remove_organizer(event, organizer_id, by=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _back(slug)
    db.session.commit()
    if leaving:
        flash(_("You left %(event)s.", event=event.name), "success")
        return redirect(url_for("events.dashboard"))
    flash(_("The organizer was removed."), "success")
    return _back(slug)


@bp.post("/events/<slug>/invitations/<int:invitation_id>/<any(resend, revoke):action>")
@login_required
def change_invitation(slug: str, invitation_id: int, action: str):
    event = organizer_event(slug)
    invitation = service.get_invitation(event, invitation_id)
    try:
        if action == "resend":
            service.resend(invitation, by=current_user)
        else:
            service.revoke(invitation)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return _back(slug)
    db.session.commit()
    flash(
        _("Invitation sent again.") if action == "resend" else _("Invitation revoked."),
        "success",
    )
    return _back(slug)
