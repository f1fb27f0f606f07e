"""Facilitators' availability as the grid editor sees and sets it.

A facilitator says on their profile which slots they cannot make; an organizer who
hears "I have to leave at noon" at the door sets it here, from the editor. Either way
it is the attendee's `unavailable_slot_ids`, the builder keeps the sessions they lead
out of those slots, and a session already sitting in one shows as a warning on the
draft (`rules.violations`: facilitator_unavailable) until someone moves it.

Names follow the public-name rule (`attendees.public`): the editor says "a participant"
for someone who did not agree to show their name, and tells people apart by the
sessions they lead.
"""

from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _
from sqlalchemy import select

from edcamp.attendees.public import public_name
from edcamp.attendees.service import set_unavailable_slots
from edcamp.errors import NotFound
from edcamp.extensions import db
from edcamp.models import Attendee, Event, Facilitator
from edcamp.scheduling.service import GridState, draft_state, visible_proposals


def _leaders(event: Event) -> dict[int, list[int]]:
    """attendee id -> the visible proposals they lead, in id order."""
    ids = [p.id for p in visible_proposals(event)]
    found: dict[int, list[int]] = defaultdict(list)
    rows = db.session.execute(
        select(Facilitator.attendee_id, Facilitator.proposal_id)
        .where(Facilitator.proposal_id.in_(ids))
        .order_by(Facilitator.proposal_id)
    )
    for attendee_id, proposal_id in rows:
        found[attendee_id].append(proposal_id)
    return found


def facilitators(event: Event) -> list[dict]:
    """Everyone leading a visible proposal: name (public rule), sessions, slots they can't make."""
    leaders = _leaders(event)
    people = db.session.scalars(select(Attendee).where(Attendee.id.in_(list(leaders))))
    rows = [
        {
            "attendee_id": a.id,
            "name": public_name(a),
            "proposal_ids": leaders[a.id],
            "unavailable_slot_ids": sorted(a.unavailable_slot_ids or []),
        }
        for a in people
        if a.deleted_at is None and a.event_id == event.id
    ]
    return sorted(rows, key=lambda row: (row["proposal_ids"][0], row["attendee_id"]))


def set_availability(event: Event, attendee_id: int, slot_ids: list[int]) -> GridState:
    """Set the slots a facilitator of `event` cannot make; the draft as it now stands.

    Only someone who leads a visible proposal of this event can be set here (anyone
    else: not_found). Unknown slots are refused as a whole.
    """
    attendee = db.session.get(Attendee, attendee_id)
    if (
        attendee is None
        or attendee.event_id != event.id
        or attendee.deleted_at is not None
        or attendee_id not in _leaders(event)
    ):
        raise NotFound(_("No facilitator with that id in this event."), code="not_found")
    set_unavailable_slots(attendee, slot_ids)
    return draft_state(event)
