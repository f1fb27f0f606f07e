"""Joining from a phone: the QR code's target and the typed-code entry (the API is in
``edcamp.attendees.api``)."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from edcamp.attendees import service
from edcamp.attendees.forms import CodeForm, JoinForm, profile_from_form
from edcamp.attendees.joining import code_failures_per_address, note_wrong_code, throttled_join
from edcamp.attendees.session import remember_attendee, session_attendee, session_attendee_ids
from edcamp.errors import DomainError
from edcamp.events.service import get_event
from edcamp.extensions import db
from edcamp.models import Event
from edcamp.publishing.my_day import my_next_session
from edcamp.urls import safe_next

bp = Blueprint("attendees", __name__)


@bp.route("/events/<slug>/join", methods=["GET", "POST"])
@throttled_join
def join(slug: str):
    event = get_event(slug)
    after_join = safe_next(request.args.get("next")) or url_for("attendees.home", slug=slug)
    already = session_attendee(event)
    if already is not None:
        # A second tap on "Join" (or a rescan of the poster) must not make a second person.
        return redirect(after_join)
    form = JoinForm(code=request.args.get("code", ""))
    if form.validate_on_submit():
        try:
            attendee, _token = service.join_event(event, form.code.data, profile_from_form(form))
        except DomainError as error:
            db.session.rollback()
            if error.code == "wrong_join_code":
                note_wrong_code()
            target = getattr(form, error.field or "code", form.code)
            target.errors = [*target.errors, error.message]
        else:
            db.session.commit()
            remember_attendee(attendee)
            flash(_("Welcome, %(name)s! You're in.", name=attendee.name), "success")
            return redirect(after_join)
    status = 422 if form.errors else 200
    return render_template("attendees/join.html", event=event, form=form), status


@bp.route("/join", methods=["GET", "POST"])
@code_failures_per_address
def enter_code():
    """For people who typed the short link: ask for the code, then find the event."""
    form = CodeForm(code=request.args.get("code", ""))
    if form.validate_on_submit() or (request.method == "GET" and form.code.data):
        code = (form.code.data or "").upper().replace(" ", "").replace("-", "")
        event = db.session.scalar(select(Event).where(Event.join_code == code))
        if event is not None:
            return redirect(url_for("attendees.join", slug=event.slug, code=code))
        note_wrong_code()
        form.code.errors = [*form.code.errors, _("No event has that code. Check the poster.")]
    status = 422 if form.errors else 200
    return render_template("attendees/enter_code.html", form=form), status


@bp.get("/j/<code>")
def short_link(code: str):
    return redirect(url_for("attendees.enter_code", code=code[:12]))


@bp.get("/events/<slug>")
def home(slug: str):
    event = get_event(slug)
    attendee = session_attendee(event)
    info, upcoming = my_next_session(event, attendee)
    return render_template(
        "attendees/home.html", event=event, attendee=attendee, info=info, upcoming=upcoming
    )


@bp.app_template_global()
def brand_url(event: Event | None = None) -> str:
    """Where the logo leads: the event this phone joined (the page's own event first),
    so a phone is never one tap away from losing its event; else the front page."""
    joined = session_attendee_ids()
    if event is not None and event.id in joined:
        return url_for("attendees.home", slug=event.slug)
    if joined and not g.get("database_unavailable"):
        latest = db.session.get(Event, max(joined))
        if latest is not None:
            return url_for("attendees.home", slug=latest.slug)
    return url_for("site.index")


@bp.app_template_filter("role_label")
def role_label(value: str | None) -> str:
    """A stored role as the page's language says it: ``{{ person.role | role_label }}``."""
    return service.role_labels().get(value or "", value or "")


@bp.app_template_filter("grade_level_label")
def grade_level_label(value: str) -> str:
    """A stored grade level as the page's language says it (``| map("grade_level_label")``)."""
    return service.grade_level_labels().get(value, value)
