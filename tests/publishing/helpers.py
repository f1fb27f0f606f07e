"""Helpers for publishing tests against the database: proposals and published versions."""

from __future__ import annotations

import icalendar

from edcamp.extensions import db
from edcamp.models import Event, Proposal, Room, Schedule, ScheduleEntry, Slot, utcnow
from edcamp.proposals.service import ProposalText, create_proposal
from edcamp.signals import schedule_published

Cell = tuple[Proposal, Room, Slot]


def add_proposal(event: Event, attendee, title: str, **kw) -> Proposal:
    proposal = create_proposal(
        event,
        ProposalText(title=title, description=kw.pop("description", ""), tags=kw.pop("tags", [])),
        by=attendee,
    )
    for key, value in kw.items():
        setattr(proposal, key, value)
    db.session.commit()
    return proposal


def publish(event: Event, cells: list[Cell], sequences: dict[int, int] | None = None) -> Schedule:
    """Publish a grid version directly (what the scheduling service's publish writes)."""
    latest = max(
        (s.version or 0 for s in db.session.query(Schedule).filter_by(event_id=event.id)), default=0
    )
    schedule = Schedule(event_id=event.id, version=latest + 1, published_at=utcnow())
    for proposal, room, slot in cells:
        schedule.entries.append(
            ScheduleEntry(
                proposal_id=proposal.id,
                room_id=room.id,
                slot_id=slot.id,
                sequence=(sequences or {}).get(proposal.id, 0),
            )
        )
    db.session.add(schedule)
    db.session.commit()
    schedule_published.send(event, version=schedule.version)  # live channel, cached version
    return schedule


def vevents(data: bytes) -> dict[str, icalendar.Event]:
    """VEVENTs by the session id in their URL."""
    cal = icalendar.Calendar.from_ical(data)
    return {str(ev["url"]).rsplit("/", 1)[-1]: ev for ev in cal.walk("VEVENT")}
