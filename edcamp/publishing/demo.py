"""The demo event's published schedule, so a newcomer sees feeds and schedule pages at once."""

from __future__ import annotations

import random

from sqlalchemy import select

from edcamp.extensions import db
from edcamp.models import Attendee, Event, Schedule, Star
from edcamp.scheduling import rebuild
from edcamp.scheduling import service as scheduling
from edcamp.scheduling.versions import publish

DEMO_BUILD_SECONDS = 1.0


def publish_demo_schedule(event: Event, rng: random.Random) -> Schedule:
    """Build the grid from the demo's votes, publish it, and star a few sessions per attendee.

    Does nothing but return the version when one is already published.
    """
    existing = scheduling.latest_published(event)
    if existing is not None:
        return existing
    rebuild.build(event, time_limit_s=DEMO_BUILD_SECONDS, seed=rng.randrange(1000))
    schedule = publish(event, by=event.organizers[0] if event.organizers else None)
    on_grid = sorted(entry.proposal_id for entry in schedule.entries)
    attendees = db.session.scalars(select(Attendee).where(Attendee.event_id == event.id)).all()
    for attendee in attendees:
        for proposal_id in rng.sample(on_grid, min(len(on_grid), rng.randint(0, 3))):
            db.session.add(Star(attendee_id=attendee.id, proposal_id=proposal_id))
    db.session.flush()
    return schedule
