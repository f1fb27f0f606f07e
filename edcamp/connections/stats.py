"""Counts for the organizer's report: numbers only, never who."""

from __future__ import annotations

from sqlalchemy import func, select

from edcamp.extensions import db
from edcamp.models import Connection, Event, PartnerListing

KIND_ORDER = ("stay_in_touch", "collaborate")


def connections_by_kind(event: Event) -> dict[str, int]:
    """Standing (accepted, not withdrawn) connections per kind; every kind present."""
    rows = db.session.execute(
        select(Connection.kind, func.count(Connection.id))
        .where(Connection.event_id == event.id, Connection.status == "accepted")
        .group_by(Connection.kind)
    )
    counts = dict.fromkeys(KIND_ORDER, 0)
    counts.update({kind: count for kind, count in rows})
    return counts


def connections_made(event: Event) -> int:
    """How many connections people asked for and accepted (still standing)."""
    return sum(connections_by_kind(event).values())


def requests_made(event: Event) -> int:
    """Every request ever sent that still exists (erased people's are gone)."""
    return db.session.scalar(
        select(func.count(Connection.id)).where(Connection.event_id == event.id)
    )


def partner_listings(event: Event) -> int:
    return db.session.scalar(
        select(func.count(PartnerListing.attendee_id)).where(PartnerListing.event_id == event.id)
    )
