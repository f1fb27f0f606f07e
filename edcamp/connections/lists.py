"""What one attendee sees of their requests and connections: plain data for pages and API.

- ``incoming``: requests waiting for me (the asker's name, kind, message);
- ``sent``: my requests still standing, all shown as "waiting" (ignored ones too); the
  other person's name only while they are listed to attendees anyway;
- ``connections``: accepted ones, with what the other chose to share with me, read live.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from edcamp.connections.service import KINDS, listed_to_attendees
from edcamp.connections.sharing import SharedDetails, shared_details
from edcamp.extensions import db
from edcamp.models import Attendee, Connection

SOMEONE = _l("Someone you asked")


@dataclass(frozen=True)
class Incoming:
    id: int
    kind: str
    kind_label: str
    message: str
    asker_id: int
    asker_name: str
    created_at: datetime


@dataclass(frozen=True)
class Sent:
    id: int
    kind: str
    kind_label: str
    message: str
    person_id: int | None
    person_name: str
    created_at: datetime


@dataclass(frozen=True)
class MyConnection:
    id: int
    kind: str
    kind_label: str
    person_id: int
    person: SharedDetails
    i_share: tuple[str, ...]
    asked_by_me: bool
    since: datetime


def _people(ids: set[int]) -> dict[int, Attendee]:
    if not ids:
        return {}
    rows = db.session.scalars(
        select(Attendee).where(Attendee.id.in_(ids), Attendee.deleted_at.is_(None))
    )
    return {a.id: a for a in rows}


def incoming(me: Attendee) -> list[Incoming]:
    rows = list(
        db.session.scalars(
            select(Connection)
            .where(Connection.to_id == me.id, Connection.status == "pending")
            .order_by(Connection.created_at.desc(), Connection.id.desc())
        )
    )
    people = _people({c.from_id for c in rows})
    return [
        Incoming(
            c.id,
            c.kind,
            str(KINDS[c.kind]),
            c.message,
            c.from_id,
            people[c.from_id].display_name,
            c.created_at,
        )
        for c in rows
        if c.from_id in people
    ]


def waiting_count(me: Attendee) -> int:
    """Requests waiting for my answer from people still here."""
    return db.session.scalar(
        select(func.count(Connection.id))
        .join(Attendee, Attendee.id == Connection.from_id)
        .where(
            Connection.to_id == me.id,
            Connection.status == "pending",
            Attendee.deleted_at.is_(None),
        )
    )


def sent(me: Attendee) -> list[Sent]:
    rows = list(
        db.session.scalars(
            select(Connection)
            .where(Connection.from_id == me.id, Connection.status.in_(("pending", "ignored")))
            .order_by(Connection.created_at.desc(), Connection.id.desc())
        )
    )
    people = _people({c.to_id for c in rows})
    result = []
    for c in rows:
        person = people.get(c.to_id)
        if person is None:
            continue
        shown = listed_to_attendees(person)
        result.append(
            Sent(
                c.id,
                c.kind,
                str(KINDS[c.kind]),
                c.message,
                person.id if shown else None,
                person.display_name if shown else str(SOMEONE),
                c.created_at,
            )
        )
    return result


def connections(me: Attendee) -> list[MyConnection]:
    rows = list(
        db.session.scalars(
            select(Connection)
            .where(
                or_(Connection.from_id == me.id, Connection.to_id == me.id),
                Connection.status == "accepted",
            )
            .order_by(Connection.accepted_at.desc(), Connection.id.desc())
        )
    )
    other_ids = {c.to_id if c.from_id == me.id else c.from_id for c in rows}
    people = _people(other_ids)
    result = []
    for c in rows:
        mine = c.from_id == me.id
        other = people.get(c.to_id if mine else c.from_id)
        if other is None:
            continue
        theirs = c.to_shares if mine else c.from_shares
        result.append(
            MyConnection(
                id=c.id,
                kind=c.kind,
                kind_label=str(KINDS[c.kind]),
                person_id=other.id,
                person=shared_details(other, theirs),
                i_share=tuple(c.from_shares if mine else c.to_shares),
                asked_by_me=mine,
                since=c.accepted_at or c.created_at,
            )
        )
    result.sort(key=lambda m: (m.person.name.casefold(), m.id))
    return result


def relations(me: Attendee) -> dict[int, str]:
    """Where I stand with everyone, in one query: person id -> "connected", "asked" (by me,
    waiting), or "asked_you" (waiting for my answer, or ignored by me)."""
    rows = db.session.execute(
        select(Connection.from_id, Connection.to_id, Connection.status).where(
            or_(Connection.from_id == me.id, Connection.to_id == me.id),
            Connection.status.in_(("pending", "ignored", "accepted")),
        )
    )
    rank = {"connected": 3, "asked": 2, "asked_you": 1}
    found: dict[int, str] = {}
    for from_id, to_id, status in rows:
        other = to_id if from_id == me.id else from_id
        state = (
            "connected" if status == "accepted" else "asked" if from_id == me.id else "asked_you"
        )
        if rank[state] > rank.get(found.get(other, ""), 0):
            found[other] = state
    return found
