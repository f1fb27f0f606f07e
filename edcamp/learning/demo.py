"""Reflections for the demo event: some attendees wrote what they learned and will try, a
few added evidence, and half of them put it on their learning record.

A random generator of its own, so the rest of the demo stays as it was.
"""

from __future__ import annotations

import random

from sqlalchemy import select

from edcamp.extensions import db
from edcamp.learning.reflections import ReflectionText, add_evidence, save_reflection
from edcamp.learning.sessions import record_lines
from edcamp.models import Attendee, Event

LEARNED = [
    "Small-group routines free up time for conferring with each student.",
    "Students can co-write the rubric; they understand the goal much better.",
    "Exit tickets work best with one question, and I read them the same day.",
    "Unplugged activities teach loops and conditionals before any screen.",
]
WILL_TRY = [
    "Co-write a rubric with my 8th graders for the next project.",
    "One-question exit tickets every Friday for a month.",
    "An unplugged coding warm-up once a week.",
    "",
]


def add_learning_demo(event: Event, *, seed: int = 15) -> int:
    rng = random.Random(seed)
    attendees = db.session.scalars(
        select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.id).limit(24)
    )
    written = 0
    for attendee in attendees:
        lines = record_lines(attendee)
        if not lines:
            continue
        line = rng.choice(lines)
        text = ReflectionText(rng.choice(LEARNED), rng.choice(WILL_TRY), rng.random() < 0.5)
        save_reflection(attendee, line.session_id, text)
        if rng.random() < 0.3:
            add_evidence(attendee, line.session_id, f"https://blog.example.org/{attendee.id}")
        written += 1
    db.session.flush()
    return written
