"""Fixtures for the schedule: an event with proposals, votes and facilitators."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pytest

from edcamp.extensions import db
from edcamp.models import Attendee, Event, Facilitator, Organizer, Proposal, Vote
from tests.helpers import bearer


@pytest.fixture
def make_proposal(app):
    ballots: dict[int, int] = defaultdict(int)

    def factory(
        event: Event,
        title: str,
        *,
        voters: list[Attendee] = (),  # type: ignore[assignment]
        leaders: list[Attendee] = (),  # type: ignore[assignment]
        **fields,
    ) -> Proposal:
        proposal = Proposal(event_id=event.id, title=title, **fields)
        db.session.add(proposal)
        db.session.flush()
        for attendee in leaders:
            db.session.add(Facilitator(proposal_id=proposal.id, attendee_id=attendee.id))
        for attendee in voters:
            ballots[attendee.id] += 1
            db.session.add(
                Vote(
                    event_id=event.id,
                    proposal_id=proposal.id,
                    attendee_id=attendee.id,
                    ballot=ballots[attendee.id],
                )
            )
        db.session.commit()
        return proposal

    return factory


@dataclass
class Camp:
    event: Event
    organizer: Organizer
    headers: dict[str, str]
    attendees: list[Attendee]
    tokens: list[str]
    proposals: list[Proposal]

    @property
    def rooms(self):
        return self.event.rooms

    @property
    def slots(self):
        return self.event.slots

    def url(self, path: str) -> str:
        return f"/api/v1/events/{self.event.slug}{path}"


@pytest.fixture
def camp(make_event, make_organizer, make_attendee, make_proposal, organizer_token) -> Camp:
    """2 rooms (30 and 10 seats) x 2 slots, 5 proposals with 9, 7, 5, 3 and 1 votes."""
    organizer = make_organizer()
    event = make_event(
        organizer,
        slug="camp",
        rooms=[("Library", 30), ("Room 2", 10)],
        slots=[("09:00", "09:50"), ("10:00", "10:50")],
        votes_per_attendee=5,
    )
    people = [make_attendee(event, name=f"Teacher {k}") for k in range(10)]
    attendees = [a for a, _ in people]
    proposals = [
        make_proposal(event, title, voters=attendees[:votes], leaders=[attendees[k]])
        for k, (title, votes) in enumerate(
            [("Maker spaces", 9), ("Grading", 7), ("Podcasts", 5), ("Recess", 3), ("Chess", 1)]
        )
    ]
    return Camp(
        event=event,
        organizer=organizer,
        headers=bearer(organizer_token(organizer)),
        attendees=attendees,
        tokens=[t for _, t in people],
        proposals=proposals,
    )
