"""Casting and taking back votes, with the per-attendee limit held by the database.

A vote takes the lowest free ballot number in 1..votes_per_attendee, and the
``votes`` table is UNIQUE on (attendee_id, ballot) and (attendee_id,
proposal_id). Two concurrent votes of one attendee can therefore never share
a ballot: the loser of the race hits the constraint, rolls back to its
transaction and tries the next free ballot, or finds none left. On PostgreSQL
the attendee row is also locked so such races queue instead of retrying; on
SQLite every write transaction is ``BEGIN IMMEDIATE`` (see
``edcamp.database``), which serialises them the same way.

Functions flush but never commit: the caller (a view) commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from edcamp.errors import Conflict, NotFound
from edcamp.events.service import voting_is_open
from edcamp.extensions import db
from edcamp.models import Attendee, Event, Proposal, Vote, utcnow

MAX_RACE_RETRIES = 10
MAX_ID = 2**31


class VotingClosed(Conflict):
    code = "voting_closed"


class NoVotesLeft(Conflict):
    code = "no_votes_left"


@dataclass(frozen=True)
class Ballot:
    """One attendee's votes: which proposals, and how many are left."""

    proposal_ids: frozenset[int]
    limit: int

    @property
    def votes_left(self) -> int:
        return max(0, self.limit - len(self.proposal_ids))


@dataclass(frozen=True)
class VotingEvent:
    """The few fields of an event a vote needs, read in one light query (the vote
    endpoint is the hottest path of the day). Its field names match ``Event``'s, so the
    shared helpers (``voting_is_open``, attendee lookups) accept it too."""

    id: int
    slug: str
    voting: str
    voting_closes_at: datetime | None
    votes_per_attendee: int
    show_counts: bool


def voting_event(slug: str) -> VotingEvent:
    row = db.session.execute(
        select(
            Event.id,
            Event.slug,
            Event.voting,
            Event.voting_closes_at,
            Event.votes_per_attendee,
            Event.show_counts,
        ).where(Event.slug == slug)
    ).first()
    if row is None:
        raise NotFound("There is no event at that address.", code="event_not_found")
    return VotingEvent(*row)


AnyEvent = Event | VotingEvent


def ensure_voting_open(event: AnyEvent) -> None:
    if not voting_is_open(event):
        raise VotingClosed("Voting is closed for this event.")


def votable_proposal(event: AnyEvent, proposal_id: int) -> None:
    """NotFound unless this is a visible proposal of this event (not hidden, not merged)."""
    row = None
    if 0 < proposal_id < MAX_ID:
        row = db.session.execute(
            select(Proposal.event_id, Proposal.hidden).where(Proposal.id == proposal_id)
        ).first()
    if row is None or row.event_id != event.id or row.hidden:
        raise NotFound("This event has no such proposal.", code="proposal_not_found")


def ballot_of(event: AnyEvent, attendee: Attendee) -> Ballot:
    rows = db.session.scalars(select(Vote.proposal_id).where(Vote.attendee_id == attendee.id))
    return Ballot(frozenset(rows), event.votes_per_attendee)


def _lock_attendee(attendee: Attendee) -> None:
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Attendee.id).where(Attendee.id == attendee.id).with_for_update())


def cast_vote(event: AnyEvent, attendee: Attendee, proposal_id: int) -> Ballot:
    """Vote for a proposal; voting twice for the same one changes nothing."""
    ensure_voting_open(event)
    votable_proposal(event, proposal_id)
    _lock_attendee(attendee)
    limit = event.votes_per_attendee
    for _attempt in range(MAX_RACE_RETRIES):
        rows = db.session.execute(
            select(Vote.proposal_id, Vote.ballot).where(Vote.attendee_id == attendee.id)
        ).all()
        voted = frozenset(row.proposal_id for row in rows)
        if proposal_id in voted:
            return Ballot(voted, limit)
        used = {row.ballot for row in rows}
        free = [number for number in range(1, limit + 1) if number not in used]
        if len(voted) >= limit or not free:
            raise NoVotesLeft(f"You have used all {limit} of your votes.")
        values = {
            "event_id": event.id,
            "proposal_id": proposal_id,
            "attendee_id": attendee.id,
            "ballot": free[0],
            "created_at": utcnow(),
        }
        try:
            db.session.execute(insert(Vote).values(**values))
        except IntegrityError:
            # A concurrent vote took that ballot (or this proposal): start the transaction
            # again and look afresh. Nothing else was written in it yet.
            db.session.rollback()
            _lock_attendee(attendee)
            continue
        return Ballot(voted | {proposal_id}, limit)
    raise Conflict("Too many votes at once; please try again.", code="vote_contention")


def retract_vote(event: AnyEvent, attendee: Attendee, proposal_id: int) -> Ballot:
    """Take a vote back (also from a proposal hidden since); a no-op if there was none."""
    ensure_voting_open(event)
    proposal = db.session.get(Proposal, proposal_id) if 0 < proposal_id < MAX_ID else None
    if proposal is None or proposal.event_id != event.id:
        raise NotFound("This event has no such proposal.", code="proposal_not_found")
    db.session.execute(
        delete(Vote).where(Vote.attendee_id == attendee.id, Vote.proposal_id == proposal_id)
    )
    return ballot_of(event, attendee)


def vote_counts(event: Event) -> dict[int, int]:
    rows = db.session.execute(
        select(Vote.proposal_id, func.count())
        .where(Vote.event_id == event.id)
        .group_by(Vote.proposal_id)
    )
    return {proposal_id: count for proposal_id, count in rows}
