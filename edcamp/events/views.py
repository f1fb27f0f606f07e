"""Organizer pages: dashboard, event settings, rooms, slots and co-organizers."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from edcamp.accounts.forms import AddOrganizerForm
from edcamp.attendees import joining
from edcamp.errors import DomainError
from edcamp.events import rooms_and_slots, service
from edcamp.events.checklist import setup_steps
from edcamp.events.forms import EditEventForm, EventForm, RoomForm, SlotForm, VotingForm
from edcamp.events.voting import VotingChange, change_voting
from edcamp.extensions import db
from edcamp.formatting import clock
from edcamp.models import Event
from edcamp.organizers import service as organizers
from edcamp.pages import organizer_event, show_form_error
from edcamp.publishing.snippet import embed_snippet
from edcamp.signals import event_settings_changed

bp = Blueprint("events", __name__)


def _details_from(form) -> service.EventDetails:
    return service.EventDetails(
        name=form.name.data,
        date=form.date.data,
        timezone=form.timezone.data.strip(),
        venue=form.venue.data or "",
        hashtag=form.hashtag.data or "",
        votes_per_attendee=form.votes_per_attendee.data,
        notes_url_template=form.notes_url_template.data or "",
        language=form.language.data,
    )


@bp.get("/dashboard")
@login_required
def dashboard():
    return render_template("events/dashboard.html", events=current_user.events)


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
def new_event():
    form = EventForm()
    if form.validate_on_submit():
        details = _details_from(form)
        try:
            event = service.create_event(form.slug.data, details, by=current_user)
        except DomainError as error:
            db.session.rollback()
            show_form_error(form, error)
        else:
            db.session.commit()
            flash(
                _("%(event)s is ready. Add rooms and time slots next.", event=event.name), "success"
            )
            return redirect(url_for("events.manage", slug=event.slug))
    return render_template("events/new.html", form=form), 422 if form.errors else 200


@bp.route("/events/<slug>/manage", methods=["GET", "POST"])
@login_required
def manage(slug: str):
    event = organizer_event(slug)
    form = EditEventForm(obj=event)
    if form.validate_on_submit():
        details = _details_from(form)
        try:
            service.update_event(event, details)
        except DomainError as error:
            db.session.rollback()
            event = organizer_event(slug)
            show_form_error(form, error)
        else:
            db.session.commit()
            event_settings_changed.send(event)
            flash(_("Event saved."), "success")
            return redirect(url_for("events.manage", slug=slug))
    return _manage_page(event, form=form)


def _manage_page(event: Event, **forms):
    """The manage page with the forms given as they were posted; every other form shows the
    stored values. ``formdata=None`` matters: without it a form reads the request of the
    form that failed (a room's name would land in the event-name field)."""
    forms.setdefault("form", EditEventForm(formdata=None, obj=event))
    forms.setdefault("voting_form", VotingForm(formdata=None, obj=event))
    forms.setdefault("room_form", RoomForm(formdata=None))
    forms.setdefault("slot_form", SlotForm(formdata=None))
    forms.setdefault("organizer_form", AddOrganizerForm(formdata=None))
    row = forms.pop("row", None)
    has_errors = any(f.errors for f in forms.values()) or row is not None
    page = render_template(
        "events/manage.html",
        event=event,
        row=row,
        embed_snippet=embed_snippet(event.slug, event.name),
        steps=setup_steps(event),
        join_rate=joining.join_rate(event),
        **forms,
    )
    return page, 422 if has_errors else 200


@bp.post("/events/<slug>/voting")
@login_required
def set_voting(slug: str):
    event = organizer_event(slug)
    form = VotingForm()
    if not form.validate_on_submit():
        return _manage_page(event, voting_form=form)
    change_voting(event, VotingChange(state=form.voting.data, show_counts=form.show_counts.data))
    db.session.commit()
    event_settings_changed.send(event)
    flash(_("Voting is open.") if form.voting.data == "open" else _("Voting is closed."), "success")
    return redirect(url_for("events.manage", slug=slug) + "#voting")


@bp.post("/events/<slug>/joining")
@login_required
def set_joining(slug: str):
    event = organizer_event(slug)
    is_open = request.form.get("joining") == "open"
    joining.set_joining(event, is_open, by=current_user)
    db.session.commit()
    flash(_("Joining is open.") if is_open else _("Joining is closed."), "success")
    return redirect(url_for("events.manage", slug=slug) + "#joining")


@bp.post("/events/<slug>/join-code")
@login_required
def rotate_join_code(slug: str):
    event = organizer_event(slug)
    code = joining.rotate_join_code(event, by=current_user)
    db.session.commit()
    flash(
        _(
            "The new join code is %(code)s. Print new posters: the old code no longer works.",
            code=code,
        ),
        "success",
    )
    return redirect(url_for("events.manage", slug=slug) + "#joining")


@bp.post("/events/<slug>/rooms")
@login_required
def add_room(slug: str):
    event = organizer_event(slug)
    form = RoomForm()
    if form.validate_on_submit():
        try:
            room = rooms_and_slots.add_room(
                event,
                form.name.data,
                form.capacity.data,
                rooms_and_slots.features_from_text(form.features.data),
            )
        except DomainError as error:
            db.session.rollback()
            show_form_error(form, error)
        else:
            db.session.commit()
            flash(_("Room %(name)s added.", name=room.name), "success")
            return redirect(url_for("events.manage", slug=slug) + "#rooms")
    return _manage_page(organizer_event(slug), room_form=form)


@bp.post("/events/<slug>/rooms/<int:room_id>")
@login_required
def update_room(slug: str, room_id: int):
    event = organizer_event(slug)
    room = rooms_and_slots.get_room(event, room_id)
    if request.form.get("action") == "remove":
        try:
            rooms_and_slots.remove_room(room)
        except DomainError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Room removed."), "success")
        return redirect(url_for("events.manage", slug=slug) + "#rooms")
    form = RoomForm()
    if form.validate_on_submit():
        try:
            rooms_and_slots.update_room(
                room,
                name=form.name.data,
                capacity=form.capacity.data,
                features=rooms_and_slots.features_from_text(form.features.data),
            )
        except DomainError as error:
            db.session.rollback()
            show_form_error(form, error)
        else:
            db.session.commit()
            flash(_("Room %(name)s saved.", name=room.name), "success")
            return redirect(url_for("events.manage", slug=slug) + f"#room-{room_id}")
    return _manage_page(organizer_event(slug), row=_row_edit("room", room_id, form))


def _row_edit(kind: str, row_id: int, form) -> dict:
    """A room or slot row that failed to save: drawn again with what was typed and why not."""
    names = ("name", "capacity", "features") if kind == "room" else SLOT_FIELDS
    return {
        "kind": kind,
        "id": row_id,
        "typed": {name: request.form.get(name, "") for name in names},
        "errors": {name: list(getattr(form, name).errors) for name in names},
        "form_expired": bool(getattr(form, "csrf_token", None) and form.csrf_token.errors),
    }


SLOT_FIELDS = ("starts_at", "ends_at", "break_label")


@bp.post("/events/<slug>/slots")
@login_required
def add_slot(slug: str):
    event = organizer_event(slug)
    form = SlotForm()
    if form.validate_on_submit():
        try:
            rooms_and_slots.add_slot(
                event, form.starts_at.data, form.ends_at.data, form.break_label.data
            )
        except DomainError as error:
            db.session.rollback()
            show_form_error(form, error)
        else:
            db.session.commit()
            flash(_("Time slot added."), "success")
            return redirect(url_for("events.manage", slug=slug) + "#slots")
    return _manage_page(organizer_event(slug), slot_form=form)


@bp.post("/events/<slug>/slots/<int:slot_id>")
@login_required
def update_slot(slug: str, slot_id: int):
    """Save a slot's row in place (times and break), or remove it."""
    event = organizer_event(slug)
    slot = rooms_and_slots.get_slot(event, slot_id)
    if request.form.get("action") == "remove":
        return remove_slot(slug, slot_id)
    form = SlotForm()
    if form.validate_on_submit():
        try:
            rooms_and_slots.update_slot(
                slot, form.starts_at.data, form.ends_at.data, form.break_label.data or ""
            )
        except DomainError as error:
            db.session.rollback()
            show_form_error(form, error)
        else:
            db.session.commit()
            event_settings_changed.send(event)
            flash(
                _(
                    "Slot saved: %(starts)s–%(ends)s.",
                    starts=clock(slot.starts_at),
                    ends=clock(slot.ends_at),
                ),
                "success",
            )
            return redirect(url_for("events.manage", slug=slug) + f"#slot-{slot_id}")
    return _manage_page(organizer_event(slug), row=_row_edit("slot", slot_id, form))


@bp.post("/events/<slug>/slots/<int:slot_id>/break")
@login_required
def set_break(slug: str, slot_id: int):
    event = organizer_event(slug)
    slot = rooms_and_slots.get_slot(event, slot_id)
    try:
        rooms_and_slots.set_break(slot, request.form.get("break_label", ""))
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(
            _("%(label)s saved.", label=slot.break_label)
            if slot.break_label
            else _("Slot open for sessions."),
            "success",
        )
    return redirect(url_for("events.manage", slug=slug) + "#slots")


@bp.post("/events/<slug>/slots/<int:slot_id>/remove")
@login_required
def remove_slot(slug: str, slot_id: int):
    event = organizer_event(slug)
    try:
        rooms_and_slots.remove_slot(rooms_and_slots.get_slot(event, slot_id))
    except DomainError as error:
        if error.status == 404:
            raise
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Time slot removed."), "success")
    return redirect(url_for("events.manage", slug=slug) + "#slots")


@bp.post("/events/<slug>/organizers")
@login_required
def add_organizer(slug: str):
    event = organizer_event(slug)
    form = AddOrganizerForm()
    if form.validate_on_submit():
        try:
            invitation = organizers.invite(event, form.email.data, by=current_user)
        except DomainError as error:
            db.session.rollback()
            show_form_error(form, error)
        else:
            db.session.commit()
            # The same words whether or not the address has an account.
            flash(_("Invitation sent to %(email)s.", email=invitation.email), "success")
            return redirect(url_for("events.manage", slug=slug) + "#organizers")
    return _manage_page(organizer_event(slug), organizer_form=form)
