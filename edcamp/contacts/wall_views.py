"""The resource wall ("smackdown") pages."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from edcamp.attendees.session import session_attendee
from edcamp.contacts import resources
from edcamp.contacts.forms import ResourceForm
from edcamp.errors import DomainError
from edcamp.events.service import get_event
from edcamp.extensions import db
from edcamp.pages import attendee_page, show_form_error

bp = Blueprint("contacts_wall", __name__)


def _wall_page(event, attendee, form, status=200):
    is_organizer = current_user.is_authenticated and event.is_organizer(current_user)
    return render_template(
        "contacts/wall.html",
        event=event,
        attendee=attendee,
        form=form,
        items=resources.wall(event, viewer=attendee),
        is_organizer=is_organizer,
    ), status


@bp.get("/events/<slug>/resources")
def resource_wall(slug: str):
    event = get_event(slug)
    return _wall_page(event, session_attendee(event), ResourceForm(formdata=None))


@bp.post("/events/<slug>/resources")
def post_resource(slug: str):
    event, attendee = attendee_page(slug)
    form = ResourceForm()
    if form.validate_on_submit():
        try:
            resources.post_resource(attendee, form.url.data, form.note.data or "")
        except DomainError as error:
            db.session.rollback()
            show_form_error(form, error)
        else:
            db.session.commit()
            flash(_("Thanks for sharing!"), "success")
            return redirect(url_for("contacts_wall.resource_wall", slug=slug))
    return _wall_page(event, attendee, form, 422)


@bp.post("/events/<slug>/resources/<int:resource_id>/remove")
def remove_resource(slug: str, resource_id: int):
    event = get_event(slug)
    resource = resources.get_resource(event, resource_id)
    organizer = current_user if current_user.is_authenticated else None
    resources.remove_resource(resource, attendee=session_attendee(event), organizer=organizer)
    db.session.commit()
    flash(_("The link is removed from the wall."), "success")
    return redirect(url_for("contacts_wall.resource_wall", slug=slug))
