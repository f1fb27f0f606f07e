"""Mail pages: one-click unsubscribe, and each event's outbox for its organizers (the JSON
side is ``edcamp.mail.api``)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required

from edcamp.extensions import csrf, db
from edcamp.mail import status
from edcamp.mail import unsubscribe as opt_outs
from edcamp.mail.sender import retry_mail
from edcamp.pages import organizer_event

bp = Blueprint("mail", __name__)


@bp.get("/mail/unsubscribe/<token>")
def unsubscribe_page(token: str):
    # A GET never unsubscribes: mail scanners open links. The page asks for one click.
    email, _list_id = opt_outs.read_token(token)
    return render_template("mail/unsubscribe.html", token=token, email=email, done=False)


@bp.post("/mail/unsubscribe/<token>")
@csrf.exempt  # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click", with no token
def unsubscribe(token: str):
    email, _list_id = opt_outs.opt_out(token)
    db.session.commit()
    return render_template("mail/unsubscribe.html", token=token, email=email, done=True)


@bp.get("/events/<slug>/mail")
@login_required
def event_outbox(slug: str):
    event = organizer_event(slug)
    return render_template("mail/outbox.html", event=event, mails=status.event_mail(event))


@bp.post("/events/<slug>/mail/<int:mail_id>/retry")
@login_required
def retry(slug: str, mail_id: int):
    event = organizer_event(slug)
    mail = status.get_event_mail(event, mail_id)
    if mail.status == "failed":
        retry_mail(mail)
        db.session.commit()
        flash(_("The mail is queued again."), "success")
    return redirect(url_for("mail.event_outbox", slug=slug))
