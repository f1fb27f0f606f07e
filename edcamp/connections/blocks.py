"""Blocking a person: their requests stop reaching you, and they are never told.

A blocked person's new requests are stored as ignored (so to them they look like any
request still waiting) and mail nobody; what stood between the two ends at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import or_, select

from edcamp.connections.lookup import person_in
from edcamp.errors import Invalid, NotFound
from edcamp.extensions import db
from edcamp.models import Attendee, Connection, ConnectionBlock, utcnow
from edcamp.urls import MAX_ID


@dataclass(frozen=True)
class Blocked:
    attendee_id: int
    name: str


def is_blocked(blocker_id: int, blocked_id: int) -> bool:
    return db.session.get(ConnectionBlock, (blocker_id, blocked_id)) is not None


def blocked_either_way(me_id: int) -> set[int]:
    """Everyone this attendee blocked or who blocked them, in one query."""
    rows = db.session.execute(
        select(ConnectionBlock.blocker_id, ConnectionBlock.blocked_id).where(
            or_(ConnectionBlock.blocker_id == me_id, ConnectionBlock.blocked_id == me_id)
        )
    )
    return {b if a == me_id else a for a, b in rows}


def _knows_of(me: Attendee, person: Attendee) -> bool:
    """One blocks people who asked them or whom they are connected with."""
    rows = db.session.scalars(
        select(Connection.id).where(
            or_(
                (Connection.from_id == person.id) & (Connection.to_id == me.id),
                (Connection.from_id == me.id)
                & (Connection.to_id == person.id)
                & (Connection.status == "accepted"),
            )
        )
    )
    return rows.first() is not None or is_blocked(me.id, person.id)


def block(me: Attendee, attendee_id: object) -> Attendee:
    """Block someone who asked you (or a connection): requests stop, what stood ends."""
    person = person_in(me.event_id, attendee_id)
    if person.id == me.id:
        raise Invalid(_("You cannot block yourself."), code="cannot_block_yourself", field="to")
    if not _knows_of(me, person):
        raise NotFound(_("There is no such person in this event."), code="attendee_not_found")
    if not is_blocked(me.id, person.id):
        db.session.add(ConnectionBlock(blocker_id=me.id, blocked_id=person.id))
    now = utcnow()
    for connection in db.session.scalars(
        select(Connection).where(
            or_(
                (Connection.from_id == me.id) & (Connection.to_id == person.id),
                (Connection.from_id == person.id) & (Connection.to_id == me.id),
            ),
            Connection.status.in_(("pending", "ignored", "accepted")),
        )
    ):
        if connection.from_id == person.id and connection.status == "pending":
            connection.status = "ignored"  # theirs: still "waiting" to them
        elif connection.from_id == person.id and connection.status == "ignored":
            continue
        else:
            connection.status = "withdrawn"
            connection.ended_at = now
    db.session.flush()
    return person


def unblock(me: Attendee, attendee_id: object) -> None:
    """Idempotent: unblocking someone not blocked changes nothing."""
    if not isinstance(attendee_id, int) or isinstance(attendee_id, bool):
        raise NotFound(_("There is no such person in this event."), code="attendee_not_found")
    row = (
        db.session.get(ConnectionBlock, (me.id, attendee_id)) if 0 < attendee_id <= MAX_ID else None
    )
    if row is not None:
        db.session.delete(row)
        db.session.flush()


def blocked_people(me: Attendee) -> list[Blocked]:
    rows = db.session.execute(
        select(Attendee.id, Attendee.name)
        .join(ConnectionBlock, ConnectionBlock.blocked_id == Attendee.id)
        .where(ConnectionBlock.blocker_id == me.id, Attendee.deleted_at.is_(None))
        .order_by(Attendee.name, Attendee.id)
    )
    return [Blocked(aid, name or _("Former attendee")) for aid, name in rows]
