"""The organizers' confirmation of an event's learning records.

One organizer confirms, in their own name, that the sessions took place as listed and that
attendance was taken at the event ("I'm here" check-ins); every record then carries that
confirmation. It can be withdrawn (say, before fixing the grid) and given again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from edcamp.errors import Forbidden, Invalid
from edcamp.extensions import db
from edcamp.models import Event, Organizer, RecordConfirmation, utcnow

MAX_NOTE = 300


@dataclass(frozen=True)
class Confirmation:
    confirmed_by: str
    confirmed_at: datetime  # UTC
    note: str


def confirmation_of(event: Event) -> Confirmation | None:
    row = db.session.get(RecordConfirmation, event.id)
    if row is None:
        return None
    return Confirmation(row.confirmed_by, row.confirmed_at, row.note)


def _check_organizer(event: Event, by: Organizer) -> None:
    if not event.is_organizer(by):
        raise Forbidden(_("Only this event's organizers may confirm its learning records."))


def confirm_records(event: Event, *, by: Organizer, note: str = "") -> Confirmation:
    """Confirm (or confirm again, with a new note) the event's learning records."""
    _check_organizer(event, by)
    note = " ".join((note or "").split())
    if len(note) > MAX_NOTE:
        raise Invalid(_("Keep the note to at most %(max)d characters.", max=MAX_NOTE), field="note")
    row = db.session.get(RecordConfirmation, event.id)
    if row is None:
        row = RecordConfirmation(event_id=event.id, confirmed_by="")
        db.session.add(row)
    row.organizer_id = by.id
    row.confirmed_by = by.display_name  # a name, never the email: records are shared
    row.note = note
    row.confirmed_at = utcnow()
    db.session.flush()
    return Confirmation(row.confirmed_by, row.confirmed_at, row.note)


def withdraw_confirmation(event: Event, *, by: Organizer) -> None:
    _check_organizer(event, by)
    row = db.session.get(RecordConfirmation, event.id)
    if row is not None:
        db.session.delete(row)
        db.session.flush()
