"""Joining from a phone: the QR code's target, the typed-code entry, and the API."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from sqlalchemy import select

from edcamp.api import api_blueprint
from edcamp.api.inputs import boolean, json_body, string, string_list, unknown_fields
from edcamp.api.openapi import document
from edcamp.attendees import service
from edcamp.attendees.forms import CodeForm, JoinForm
from edcamp.attendees.session import remember_attendee, session_attendee
from edcamp.contacts.handles import HANDLE_KINDS
from edcamp.errors import DomainError, Invalid
from edcamp.events.service import get_event
from edcamp.extensions import db
from edcamp.models import Event
from edcamp.urls import external_url, safe_next

bp = Blueprint("attendees", __name__)
api = api_blueprint("attendees_api", __name__)


def profile_from_form(form) -> service.Profile:
    return service.Profile(
        name=form.name.data or "",
        given_name=form.given_name.data or "",
        family_name=form.family_name.data or "",
        email=form.email.data or None,
        role=form.role.data or "",
        subjects=[s for s in (form.subjects.data or "").split(",") if s.strip()],
        grade_levels=form.grade_levels.data or [],
        handles={kind: getattr(form, kind).data or None for kind in HANDLE_KINDS},
        share_contact=form.share_contact.data,
        share_email=form.share_email.data,
        show_name=form.show_name.data,
    )


@bp.route("/events/<slug>/join", methods=["GET", "POST"])
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
            target = getattr(form, error.field or "code", form.code)
            target.errors = [*target.errors, error.message]
        else:
            db.session.commit()
            remember_attendee(attendee)
            flash(f"Welcome, {attendee.name}! You're in.", "success")
            return redirect(after_join)
    status = 422 if form.errors else 200
    return render_template("attendees/join.html", event=event, form=form), status


@bp.route("/join", methods=["GET", "POST"])
def enter_code():
    """For people who typed the short link: ask for the code, then find the event."""
    form = CodeForm(code=request.args.get("code", ""))
    if form.validate_on_submit() or (request.method == "GET" and form.code.data):
        code = (form.code.data or "").upper().replace(" ", "").replace("-", "")
        event = db.session.scalar(select(Event).where(Event.join_code == code))
        if event is not None:
            return redirect(url_for("attendees.join", slug=event.slug, code=code))
        form.code.errors = [*form.code.errors, "No event has that code. Check the poster."]
    status = 422 if form.errors else 200
    return render_template("attendees/enter_code.html", form=form), status


@bp.get("/j/<code>")
def short_link(code: str):
    return redirect(url_for("attendees.enter_code", code=code[:12]))


@bp.get("/events/<slug>")
def home(slug: str):
    event = get_event(slug)
    return render_template("attendees/home.html", event=event, attendee=session_attendee(event))


@api.post("/events/<slug>/join")
@document(
    "Join an event with its join code",
    auth="join_code",
    body={
        "join_code": "string",
        "name": "string",
        "given_name?": "string",
        "family_name?": "string",
        "email?": "string",
        "share_contact?": "boolean",
        "share_email?": "boolean",
        "show_name?": "boolean",
        "role?": "string",
        "subjects?": "array",
        "grade_levels?": "array",
        "handles?": "object",
    },
    returns={"attendee_id": "integer", "attendee_token": "string", "feed_url": "string"},
    status=201,
    errors=(403, 422),
)
def join_api(slug: str):
    event = get_event(slug)
    body = json_body()
    unknown_fields(
        body,
        {
            "join_code",
            "name",
            "given_name",
            "family_name",
            "email",
            "share_contact",
            "share_email",
            "show_name",
            "role",
            "subjects",
            "grade_levels",
            "handles",
        },
    )
    handles = body.get("handles")
    if handles is None:
        handles = {}
    elif not isinstance(handles, dict):
        raise Invalid("'handles' must be an object.", field="handles")

    profile = service.Profile(
        name=string(body, "name", required=True, max_length=80),
        given_name=string(body, "given_name", max_length=80) or "",
        family_name=string(body, "family_name", max_length=80) or "",
        email=string(body, "email", max_length=254),
        role=string(body, "role", max_length=40) or "",
        subjects=string_list(body, "subjects") or [],
        grade_levels=string_list(body, "grade_levels") or [],
        handles={k: string(handles, k, max_length=300) for k in handles},
        share_contact=boolean(body, "share_contact", default=False),
        share_email=boolean(body, "share_email", default=False),
        show_name=boolean(body, "show_name", default=False),
    )
    attendee, token = service.join_event(
        event, string(body, "join_code", required=True, max_length=12), profile
    )
    db.session.commit()
    return jsonify(
        {
            "attendee_id": attendee.id,
            "attendee_token": token,
            "feed_url": feed_url(attendee),
        }
    ), 201


def feed_url(attendee) -> str:
    """The personal calendar feed (publishing serves it)."""
    return external_url("publishing.personal_feed", feed_token=attendee.feed_token)
