"""The resource wall ("smackdown"): a link and one line about it, per event."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from edcamp.contacts.handles import HandleError, normalise_handle
from edcamp.errors import Forbidden, Invalid, NotFound
from edcamp.extensions import db
from edcamp.models import Attendee, Event, Organizer, Resource
from edcamp.urls import MAX_ID

MAX_NOTE = 200
MAX_PER_ATTENDEE = 50


@dataclass(frozen=True)
class WallItem:
    id: int
    url: str
    note: str
    by: str  # a display name only when its author shares their contact, else ""
    mine: bool


def post_resource(attendee: Attendee, url: str, note: str) -> Resource:
    """Add a link to the attendee's event wall; only http(s) links pass."""
    try:
        clean_url = normalise_handle("website", url, label=_("Link"))
    except HandleError as error:
        raise Invalid(error.message, field="url") from error
    if clean_url is None:
        raise Invalid(_("Paste the link you want to share."), field="url")
    line = " ".join((note or "").split())
    if len(line) > MAX_NOTE:
        message = ngettext(
            "Keep it to one line of at most %(num)d character.",
            "Keep it to one line of at most %(num)d characters.",
            MAX_NOTE,
        )
        raise Invalid(message, field="note")
    count = db.session.query(Resource).filter_by(attendee_id=attendee.id).count()
    if count >= MAX_PER_ATTENDEE:
        message = ngettext(
            "You can post at most %(num)d link.",
            "You can post at most %(num)d links.",
            MAX_PER_ATTENDEE,
        )
        raise Invalid(message, field="url")
    resource = Resource(
        event_id=attendee.event_id, attendee_id=attendee.id, url=clean_url, note=line
    )
    db.session.add(resource)
    db.session.flush()
    return resource


def get_resource(event: Event, resource_id: int) -> Resource:
    resource = db.session.get(Resource, resource_id) if 0 < resource_id <= MAX_ID else None
    if resource is None or resource.event_id != event.id:
        raise NotFound(_("There is no such link on this wall."), code="resource_not_found")
    return resource


def remove_resource(
    resource: Resource, *, attendee: Attendee | None = None, organizer: Organizer | None = None
) -> None:
    """Its author deletes it; an organizer hides it (moderation)."""
    event = db.session.get(Event, resource.event_id)
    if organizer is not None and event is not None and event.is_organizer(organizer):
        resource.hidden = True
    elif attendee is not None and attendee.id == resource.attendee_id:
        db.session.delete(resource)
    else:
        raise Forbidden(_("Only its author or an organizer can remove this link."))
    db.session.flush()


def wall(event: Event, *, viewer: Attendee | None = None) -> list[WallItem]:
    """Visible links, newest first, with the author's name only if they consented."""
    rows = db.session.execute(
        select(Resource, Attendee)
        .outerjoin(Attendee, Attendee.id == Resource.attendee_id)
        .where(Resource.event_id == event.id, Resource.hidden.is_(False))
        .order_by(Resource.created_at.desc(), Resource.id.desc())
    )
    items = []
    for resource, author in rows:
        shares = author is not None and author.share_contact and author.deleted_at is None
        items.append(
            WallItem(
                id=resource.id,
                url=resource.url,
                note=resource.note,
                by=(author.name or "") if shares else "",
                mine=viewer is not None and author is not None and author.id == viewer.id,
            )
        )
    return items
