"""A past event (its sessions are over) with a published grid: Ann leads "Makerspaces",
Bob leads "Podcasts", Cy and Dee attend."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from edcamp.extensions import db
from edcamp.models import Attendee, CheckIn, Event, Proposal, utcnow
from tests.contacts.conftest import propose, publish


@dataclass
class Day:
    event: Event
    organizer: object
    ann: Attendee
    ann_token: str
    bob: Attendee
    bob_token: str
    cy: Attendee
    cy_token: str
    dee: Attendee
    dee_token: str
    maker: Proposal
    podcasts: Proposal


def build_day(make_organizer, make_event, make_attendee, **event_details) -> Day:
    organizer = make_organizer(name="Olivia Organizer")
    event = make_event(organizer, name="Edcamp Past", **event_details)  # 13 June 2026
    ann, ann_token = make_attendee(
        event,
        "Ann Lee",
        email="ann@school.test",
        share_contact=True,
        share_email=True,
        handles={"mastodon": "@ann@mastodon.social"},
    )
    bob, bob_token = make_attendee(
        event,
        "Bob Brooks",
        email="bob@school.test",
        share_contact=True,
        handles={"mastodon": "@bob@hachyderm.io"},
    )
    cy, cy_token = make_attendee(event, "Cy Private", email="cy@school.test")
    dee, dee_token = make_attendee(event, "Dee Noemail")
    for attendee in (ann, bob, cy):
        attendee.email_confirmed_at = utcnow()
    maker = propose(event, ann, "Makerspaces", tags=["STEM", "maker"])
    podcasts = propose(event, bob, "Podcasts", tags=["media", "stem"])
    for attendee, proposal in [(bob, maker), (cy, maker), (dee, podcasts), (cy, podcasts)]:
        db.session.add(CheckIn(attendee_id=attendee.id, proposal_id=proposal.id))
    db.session.commit()
    publish(event, [(maker, 0, 0), (podcasts, 1, 1)])
    return Day(
        event, organizer, ann, ann_token, bob, bob_token, cy, cy_token, dee, dee_token,
        maker, podcasts,
    )  # fmt: skip


@pytest.fixture
def day(make_organizer, make_event, make_attendee) -> Day:
    return build_day(make_organizer, make_event, make_attendee)
