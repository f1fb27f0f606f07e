"""Erasure of connections: called by ``contacts.privacy`` when people erase themselves or
an organizer purges the event. Requests both ways, blocks both ways, partner listings."""

from __future__ import annotations

from sqlalchemy import delete, or_

from edcamp.extensions import db
from edcamp.models import Connection, ConnectionBlock, PartnerListing


def erase_connections(attendee_ids: list[int]) -> None:
    if not attendee_ids:
        return
    db.session.execute(
        delete(Connection).where(
            or_(Connection.from_id.in_(attendee_ids), Connection.to_id.in_(attendee_ids))
        )
    )
    db.session.execute(
        delete(ConnectionBlock).where(
            or_(
                ConnectionBlock.blocker_id.in_(attendee_ids),
                ConnectionBlock.blocked_id.in_(attendee_ids),
            )
        )
    )
    db.session.execute(delete(PartnerListing).where(PartnerListing.attendee_id.in_(attendee_ids)))
