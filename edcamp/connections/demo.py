"""Connections and partner-class listings for the demo event, so the pages and the report
show the after-the-day part too. Called from ``edcamp.demo.build_demo``."""

from __future__ import annotations

import random

from sqlalchemy import select

from edcamp.connections.sharing import filled_fields
from edcamp.extensions import db
from edcamp.models import Attendee, Connection, Event, PartnerListing, utcnow

IDEAS = [
    "Pen pals between a city class and a rural class, writing about water",
    "Shared weather station data, graphed by both classes every week",
    "Book club across two schools, one video call a month",
    "Students review each other's podcasts before they publish",
    "A joint coding project: one class designs the game, the other builds it",
    "Compare local history: each class interviews elders and swaps findings",
    "Math trails in two neighbourhoods, swapped and solved by the other class",
    "Science fair partners: peer feedback on experiment designs",
]
MESSAGES = [
    "Loved your question in the makerspace session!",
    "We talked at lunch about podcasts: want to swap notes?",
    "",
    "Would love to see how you run your circles.",
    "",
]


def add_connections_demo(event: Event, rng: random.Random) -> None:
    people = list(
        db.session.scalars(
            select(Attendee)
            .where(Attendee.event_id == event.id, Attendee.deleted_at.is_(None))
            .order_by(Attendee.id)
        )
    )
    if len(people) < 4:
        return
    for person, idea in zip(rng.sample(people, min(len(people), 12)), IDEAS * 2, strict=False):
        db.session.add(
            PartnerListing(
                attendee_id=person.id,
                event_id=event.id,
                subject=(person.subjects or ["Science"])[0],
                grade_levels=list(person.grade_levels or ["6-8"]),
                idea=idea,
            )
        )
    listed = [p for p in people if p.share_contact] or people
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < min(40, len(listed) * (len(listed) - 1) // 2):
        a, b = rng.sample(listed, 2)
        if (a.id, b.id) in pairs or (b.id, a.id) in pairs:
            continue
        pairs.add((a.id, b.id))
        status = rng.choices(("accepted", "pending", "ignored"), weights=(6, 2, 2))[0]
        db.session.add(
            Connection(
                event_id=event.id,
                from_id=a.id,
                to_id=b.id,
                kind=rng.choices(("stay_in_touch", "collaborate"), weights=(7, 3))[0],
                message=rng.choice(MESSAGES),
                status=status,
                from_shares=filled_fields(a),
                to_shares=filled_fields(b) if status == "accepted" else [],
                accepted_at=utcnow() if status == "accepted" else None,
            )
        )
    db.session.flush()
