"""The organizer's grid editor page (every change goes through the JSON API), and the
form where an attendee says which slots they cannot make."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from edcamp.attendees.service import set_unavailable_slots
from edcamp.errors import DomainError, Invalid
from edcamp.extensions import db
from edcamp.pages import attendee_page, organizer_event
from edcamp.scheduling import service
from edcamp.scheduling.serializers import grid_json

bp = Blueprint("scheduling", __name__)


@bp.get("/events/<slug>/schedule/edit")
@login_required
def editor(slug: str):
    event = organizer_event(slug)
    grid = grid_json(service.draft_state(event), draft=True)
    return render_template(
        "scheduling/editor.html",
        event=event,
        grid=grid,
        api_base=url_for("scheduling_api.build", slug=event.slug).rsplit("/schedule/", 1)[0],
    )


@bp.post("/events/<slug>/me/availability")
def availability(slug: str):
    """The slots this attendee cannot make; the sessions they lead stay out of them."""
    event, attendee = attendee_page(slug)
    chosen = request.form.getlist("unavailable_slot_ids")
    try:
        if not all(value.isdigit() for value in chosen):
            raise Invalid(_("Choose slots from the list."), field="unavailable_slot_ids")
        set_unavailable_slots(attendee, [int(value) for value in chosen])
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("Saved: the sessions you lead stay out of the slots you can't make."), "success")
    return redirect(url_for("contacts.profile", slug=slug) + "#availability")
