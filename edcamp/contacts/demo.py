"""Follow-up data for the demo event: check-ins on the published grid and a resource wall.

Called from ``edcamp.demo.build_demo`` after the grid is published (without a published
grid it only fills the resource wall).
"""

from __future__ import annotations

import random
from collections import defaultdict

from edcamp.contacts.people import published_entries
from edcamp.extensions import db
from edcamp.models import Attendee, CheckIn, Event, Resource

WALL = [
    ("https://www.edutopia.org/", "Edutopia: the strategies we talked about in the PBL session"),
    ("https://www.buildingthinkingclassrooms.com/", "Building Thinking Classrooms resources"),
    ("https://www.cast.org/impact/universal-design-for-learning-udl", "UDL guidelines (CAST)"),
    ("https://code.org/curriculum/unplugged", "Code.org unplugged lessons for K-5"),
    ("https://www.restorativeresources.org/", "Circle prompts for restorative practice"),
    ("https://www.commonsense.org/education/", "Common Sense Education: digital citizenship"),
]


def add_followup_demo(event: Event, rng: random.Random) -> None:
    attendees = list(
        db.session.scalars(
            db.select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.id)
        )
    )
    if not attendees:
        return
    sharing = [a for a in attendees if a.share_contact] or attendees
    for url, note in WALL:
        author = rng.choice(sharing)
        db.session.add(Resource(event_id=event.id, attendee_id=author.id, url=url, note=note))
    by_slot: dict[int, list[int]] = defaultdict(list)
    for entry in published_entries(event):
        by_slot[entry.slot_id].append(entry.proposal_id)
    if not by_slot:
        db.session.flush()
        return
    slots = sorted(by_slot)
    for attendee in attendees:
        for slot_id in rng.sample(slots, k=min(len(slots), rng.randint(2, len(slots)))):
            proposal_id = rng.choice(by_slot[slot_id])
            db.session.add(CheckIn(attendee_id=attendee.id, proposal_id=proposal_id))
    db.session.flush()
