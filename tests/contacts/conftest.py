"""A small event with people, sessions, votes, stars, check-ins and a published grid."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from edcamp.extensions import db
from edcamp.models import Attendee, CheckIn, Event, Proposal, Schedule, ScheduleEntry, Star, utcnow
from edcamp.proposals.service import ProposalText, create_proposal
from edcamp.voting.service import cast_vote
from tests.helpers import running_now

ANN_HANDLES = {
    "mastodon": "@ann@mastodon.social",
    "bluesky": "ann.bsky.social",
    "blog_feed": "https://ann.example/feed.xml",
    "website": "https://ann.example/",
}


@dataclass
class Scene:
    event: Event
    organizer: object
    ann: Attendee  # shares contact and email; facilitates "Makerspaces"
    ann_token: str
    bob: Attendee  # shares contact, not email; facilitates "Podcasts"
    bob_token: str
    cy: Attendee  # shares nothing; checked into "Makerspaces"
    cy_token: str
    dee: Attendee  # shares contact; only in "Podcasts"
    dee_token: str
    maker: Proposal
    podcasts: Proposal
    unscheduled: Proposal


def publish(event: Event, cells: list[tuple[Proposal, int, int]], version: int = 1) -> Schedule:
    """A published grid version with (proposal, room index, slot index) cells."""
    schedule = Schedule(event_id=event.id, version=version, published_at=utcnow())
    db.session.add(schedule)
    db.session.flush()
    for proposal, room, slot in cells:
        db.session.add(
            ScheduleEntry(
                schedule_id=schedule.id,
                proposal_id=proposal.id,
                room_id=event.rooms[room].id,
                slot_id=event.slots[slot].id,
            )
        )
    db.session.commit()
    return schedule


def propose(event, by, title, *, tags=(), facilitating=True) -> Proposal:
    proposal = create_proposal(
        event, ProposalText(title=title, tags=list(tags)), by=by, facilitating=facilitating
    )
    db.session.commit()
    return proposal


@pytest.fixture
def scene(make_organizer, make_event, make_attendee) -> Scene:
    return build_scene(make_organizer, make_event, make_attendee)


def build_scene(make_organizer, make_event, make_attendee) -> Scene:
    """The scene from the root factories (browser tests call this directly)."""
    organizer = make_organizer(name="Olivia Organizer")
    # running now: check-in is only accepted around a session's own time
    event = make_event(organizer, name="Edcamp Test", venue="Lincoln High", **running_now())
    ann, ann_token = make_attendee(
        event,
        "Ann <b>Bold</b>",
        email="ann@school.test",
        share_contact=True,
        share_email=True,
        role="Teacher",
        subjects=["Math"],
        grade_levels=["6-8"],
        handles=ANN_HANDLES,
    )
    bob, bob_token = make_attendee(
        event,
        "Bob",
        email="bob@school.test",
        share_contact=True,
        share_email=False,
        role="Librarian",
        handles={"mastodon": "@bob@hachyderm.io", "bluesky": "bob.example.org"},
    )
    cy, cy_token = make_attendee(
        event,
        "Cy Private",
        email="cy@school.test",
        share_contact=False,
        handles={"mastodon": "@cy@mastodon.social", "blog_feed": "https://cy.example/feed"},
    )
    dee, dee_token = make_attendee(
        event, "Dee", share_contact=True, handles={"mastodon": "@dee@mastodon.social"}
    )
    maker = propose(event, ann, "Makerspaces", tags=["STEM", "maker"])
    podcasts = propose(event, bob, "Podcasts", tags=["media"])
    unscheduled = propose(event, dee, "Unpopular idea", tags=["stem"])
    for attendee, proposal in [(ann, maker), (bob, maker), (cy, maker), (dee, podcasts)]:
        cast_vote(event, attendee, proposal.id)
    db.session.add(Star(attendee_id=bob.id, proposal_id=maker.id))
    db.session.add(CheckIn(attendee_id=cy.id, proposal_id=maker.id))
    db.session.add(CheckIn(attendee_id=dee.id, proposal_id=podcasts.id))
    db.session.commit()
    publish(event, [(maker, 0, 0), (podcasts, 1, 0)])
    return Scene(
        event, organizer, ann, ann_token, bob, bob_token, cy, cy_token, dee, dee_token,
        maker, podcasts, unscheduled,
    )  # fmt: skip
