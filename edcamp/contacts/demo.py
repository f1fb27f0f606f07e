"""Follow-up data for the demo event: check-ins and feedback on the published grid, a resource
wall, and confirmed addresses (so the follow-up mail has people to reach).

Called from ``edcamp.demo.build_demo`` after the grid is published (without a published
grid it only fills the resource wall).
"""

from __future__ import annotations

import random
from collections import defaultdict

from edcamp.contacts.people import published_entries
from edcamp.extensions import db
from edcamp.models import (
    Attendee,
    CheckIn,
    Event,
    Facilitator,
    Resource,
    SessionFeedback,
    utcnow,
)

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
    checkins = []
    for attendee in attendees:
        for slot_id in rng.sample(slots, k=min(len(slots), rng.randint(2, len(slots)))):
            proposal_id = rng.choice(by_slot[slot_id])
            db.session.add(CheckIn(attendee_id=attendee.id, proposal_id=proposal_id))
            checkins.append((attendee.id, proposal_id))
    _add_feedback(event, checkins, rng)
    for attendee in attendees:  # most demo people opened their confirmation link
        if attendee.email and rng.random() < 0.8:
            attendee.email_confirmed_at = utcnow()
    db.session.flush()


COMMENTS = [
    "Loved the hands-on part: I will try it on Monday.",
    "Great examples from real classrooms.",
    "More time for questions next time, please.",
    "It was more for elementary; I teach high school.",
    "The shared notes were really helpful.",
]


def _add_feedback(event: Event, checkins: list[tuple[int, int]], rng: random.Random) -> None:
    """About half of the check-ins leave feedback; facilitators never rate their own."""
    rows = db.session.execute(db.select(Facilitator.attendee_id, Facilitator.proposal_id))
    led = {(attendee_id, proposal_id) for attendee_id, proposal_id in rows}
    for attendee_id, proposal_id in checkins:
        if (attendee_id, proposal_id) in led or rng.random() >= 0.5:
            continue
        useful = rng.random() < 0.8
        comment = rng.choice(COMMENTS) if rng.random() < 0.25 else ""
        db.session.add(
            SessionFeedback(
                attendee_id=attendee_id,
                proposal_id=proposal_id,
                event_id=event.id,
                useful=useful,
                comment=comment,
            )
        )
