"""The organizer's follow-up page: who the mail reaches, a preview, and the send button."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from edcamp.errors import DomainError
from edcamp.extensions import db
from edcamp.feedback import followup_mail
from edcamp.feedback.forms import SendFollowUpForm
from edcamp.pages import organizer_event

bp = Blueprint("follow_up", __name__)


@bp.get("/events/<slug>/follow-up")
@login_required
def follow_up_page(slug: str):
    event = organizer_event(slug)
    try:
        followup_mail.check_can_send(event, by=current_user)
    except DomainError as error:
        blocked = error.message
    else:
        blocked = None
    subject, text = followup_mail.preview(event)
    return render_template(
        "feedback/follow_up.html",
        event=event,
        audience=followup_mail.audience(event),
        subject=subject,
        preview=text,
        blocked=blocked,
        form=SendFollowUpForm(formdata=None),
    )


@bp.post("/events/<slug>/follow-up/send")
@login_required
def send(slug: str):
    event = organizer_event(slug)
    if not SendFollowUpForm().validate_on_submit():
        flash(_("The form expired. Please try again."), "error")
        return redirect(url_for("follow_up.follow_up_page", slug=slug))
    try:
        queued = followup_mail.send_follow_up(event, by=current_user)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("follow_up.follow_up_page", slug=slug))
    db.session.commit()
    if queued:
        flash(
            ngettext(
                "Follow-up mail queued for %(num)d attendee. Nobody gets it twice.",
                "Follow-up mail queued for %(num)d attendees. Nobody gets it twice.",
                queued,
            ),
            "success",
        )
    else:
        flash(_("Nobody new to mail: everyone who can get the follow-up has it."), "info")
    return redirect(url_for("follow_up.follow_up_page", slug=slug))
