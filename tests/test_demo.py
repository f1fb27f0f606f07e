"""`flask demo`: a realistic event that respects every rule, built once, rebuilt on --reset."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from sqlalchemy import func, select

from edcamp.demo import DEMO_EMAIL, DEMO_PASSWORD, DEMO_SLUG
from edcamp.extensions import db
from edcamp.models import Attendee, Event, Facilitator, Organizer, Proposal, Room, Slot, Vote


def count(model, **filters) -> int:
    query = select(func.count()).select_from(model)
    for name, value in filters.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


def demo_event() -> Event:
    db.session.rollback()
    return db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG))


@pytest.fixture
def demo(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result


def test_demo_builds_the_whole_day(demo):
    event = demo_event()

    assert event.name == "Edcamp Demo"
    assert count(Room, event_id=event.id) == 8
    assert count(Slot, event_id=event.id) == 5
    assert count(Attendee, event_id=event.id) == 120
    assert count(Proposal, event_id=event.id) == 40
    assert count(Vote, event_id=event.id) > 120


def test_demo_votes_stay_within_every_attendees_limit(demo):
    event = demo_event()
    votes = db.session.scalars(select(Vote).where(Vote.event_id == event.id)).all()

    per_attendee = Counter(v.attendee_id for v in votes)
    assert max(per_attendee.values()) <= event.votes_per_attendee
    ballots = Counter((v.attendee_id, v.ballot) for v in votes)
    assert max(ballots.values()) == 1
    assert all(1 <= v.ballot <= event.votes_per_attendee for v in votes)
    pairs = Counter((v.attendee_id, v.proposal_id) for v in votes)
    assert max(pairs.values()) == 1


def test_demo_votes_belong_to_the_demo_event(demo):
    event = demo_event()
    votes = db.session.scalars(select(Vote).where(Vote.event_id == event.id)).all()
    attendee_ids = set(db.session.scalars(select(Attendee.id).where(Attendee.event_id == event.id)))
    proposal_ids = set(db.session.scalars(select(Proposal.id).where(Proposal.event_id == event.id)))

    assert {v.attendee_id for v in votes} <= attendee_ids
    assert {v.proposal_id for v in votes} <= proposal_ids


def test_demo_has_a_popular_head_and_a_long_tail(demo):
    event = demo_event()
    tally = Counter(db.session.scalars(select(Vote.proposal_id).where(Vote.event_id == event.id)))

    counts = sorted(tally.values(), reverse=True)
    assert counts[0] > 3 * counts[-1]


def test_demo_facilitators_are_attendees_of_the_event(demo):
    event = demo_event()
    facilitators = db.session.scalars(
        select(Facilitator).join(Proposal).where(Proposal.event_id == event.id)
    ).all()

    assert facilitators
    assert all(f.attendee.event_id == event.id for f in facilitators)


def test_demo_prints_the_login_and_the_join_link(demo):
    event = demo_event()

    assert f"Organizer login: {DEMO_EMAIL} / {DEMO_PASSWORD}" in demo.output
    link = re.search(r"Join link: (\S+)", demo.output).group(1)
    assert link == f"https://edcamp.test/events/demo/join?code={event.join_code}"


def test_demo_login_works(demo, client):
    response = client.post("/login", data={"email": DEMO_EMAIL, "password": DEMO_PASSWORD})

    assert response.status_code == 302
    assert "Edcamp Demo" in client.get("/dashboard").get_data(as_text=True)


def test_demo_join_link_opens_the_join_page(demo, client):
    link = re.search(r"Join link: https://edcamp.test(\S+)", demo.output).group(1)

    response = client.get(link)

    assert response.status_code == 200
    assert "Join Edcamp Demo" in response.get_data(as_text=True)


def test_running_demo_again_does_not_duplicate(demo, runner):
    first = demo_event()
    first_id, first_code = first.id, first.join_code

    again = runner.invoke(args=["demo"])

    assert again.exit_code == 0, again.output
    assert "Found the demo event" in again.output
    event = demo_event()
    assert (event.id, event.join_code) == (first_id, first_code)
    assert count(Event) == 1
    assert count(Organizer) == 1
    assert count(Attendee) == 120
    assert count(Proposal) == 40


def test_demo_reset_rebuilds(demo, runner, make_attendee):
    old = demo_event()
    old_code = old.join_code
    old_votes = count(Vote)
    make_attendee(old, name="Left over from rehearsal")

    result = runner.invoke(args=["demo", "--reset"])

    assert result.exit_code == 0, result.output
    assert "Created the demo event" in result.output
    event = demo_event()
    assert event.join_code != old_code
    assert count(Attendee, name="Left over from rehearsal") == 0
    assert count(Event) == 1
    assert count(Organizer) == 1
    assert count(Room) == 8
    assert count(Slot) == 5
    assert count(Attendee) == 120
    assert count(Proposal) == 40
    assert count(Vote) == old_votes  # same seed, same votes


def test_demo_leaves_other_events_alone(runner, make_event, make_attendee):
    other = make_event()
    make_attendee(other)

    runner.invoke(args=["demo"])
    result = runner.invoke(args=["demo", "--reset"])

    assert result.exit_code == 0, result.output
    db.session.rollback()
    assert count(Attendee, event_id=other.id) == 1
    assert count(Room, event_id=other.id) == 2
