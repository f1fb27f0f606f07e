"""Pages for attendees who come back: sign-in links, another device, their address."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from edcamp.accounts.forms import ConfirmForm, EmailOnlyForm
from edcamp.accounts.links import ATTENDEE_DEVICE, LIFETIMES
from edcamp.attendees import comeback
from edcamp.attendees.session import remember_attendee, session_attendee
from edcamp.errors import Unauthorized
from edcamp.events.service import get_event
from edcamp.extensions import db, limiter
from edcamp.publishing.qr import qr_svg

bp = Blueprint("comeback", __name__)


@bp.get("/events/<slug>/signin/<token>")
def sign_in(slug: str, token: str):
    # A GET never uses the link: mail scanners and link previews open links.
    event = get_event(slug)
    attendee = comeback.peek_sign_in(event, token)
    return render_template(
        "attendees/sign_in.html", event=event, attendee=attendee, form=ConfirmForm()
    )


@bp.post("/events/<slug>/signin/<token>")
def sign_in_post(slug: str, token: str):
    event = get_event(slug)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("comeback.sign_in", slug=slug, token=token))
    attendee = comeback.sign_in(event, token)
    db.session.commit()
    remember_attendee(attendee)
    flash(_("Welcome back, %(name)s!", name=attendee.name), "success")
    return redirect(url_for("attendees.home", slug=slug))


@bp.route("/events/<slug>/attendee-link", methods=["GET", "POST"])
@limiter.limit(comeback.LINK_REQUESTS, methods=["POST"])
def send_link(slug: str):
    event = get_event(slug)
    form = EmailOnlyForm()
    if form.validate_on_submit():
        comeback.send_sign_in_link(event, form.email.data)
        db.session.commit()
        return render_template("attendees/link_sent.html", event=event, email=form.email.data)
    status = 422 if form.errors else 200
    return render_template("attendees/send_link.html", event=event, form=form), status


@bp.post("/events/<slug>/me/device-link")
def device_link(slug: str):
    event = get_event(slug)
    attendee = session_attendee(event)
    if attendee is None or not ConfirmForm().validate_on_submit():
        raise Unauthorized(_("Join the event first."))
    url = comeback.device_link(attendee)
    db.session.commit()
    return render_template(
        "attendees/device_link.html",
        event=event,
        url=url,
        qr=Markup(qr_svg(url).decode()),
        minutes=int(LIFETIMES[ATTENDEE_DEVICE].total_seconds() // 60),
    )


@bp.post("/events/<slug>/me/confirm-email")
@limiter.limit(comeback.LINK_REQUESTS)
def resend_confirmation(slug: str):
    event = get_event(slug)
    attendee = session_attendee(event)
    if attendee is None or not ConfirmForm().validate_on_submit():
        raise Unauthorized(_("Join the event first."))
    if attendee.email and attendee.email_confirmed_at is None:
        comeback.send_sign_in_link(event, attendee.email)  # throttled like any other ask
        db.session.commit()
    flash(_("If your address still needs confirming, a new link is on its way."), "info")
    return redirect(url_for("contacts.profile", slug=slug))


@bp.post("/events/<slug>/me/sign-out-others")
def sign_out_others(slug: str):
    """A new attendee token: every other device and app, and unused links, are signed out;
    this phone stays signed in."""
    event = get_event(slug)
    attendee = session_attendee(event)
    if attendee is None or not ConfirmForm().validate_on_submit():
        raise Unauthorized(_("Join the event first."))
    comeback.rotate_token(attendee)
    db.session.commit()
    remember_attendee(attendee)
    flash(
        _(
            "Your other devices and apps are signed out, and links not used yet no longer "
            "work. This phone stays signed in."
        ),
        "success",
    )
    return redirect(url_for("contacts.profile", slug=slug))
