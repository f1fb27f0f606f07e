"""Casting and taking back votes, with the per-attendee limit held by the database.

A vote takes the lowest free ballot number in 1..votes_per_attendee, and the
``votes`` table is UNIQUE on (attendee_id, ballot) and (attendee_id,
proposal_id). Two concurrent votes of one attendee can therefore never share
a ballot: the loser of the race hits the constraint, rolls back to its
transaction and tries the next free ballot, or finds none left. On PostgreSQL
the attendee row is also locked so such races queue instead of retrying; on
SQLite every write transaction is ``BEGIN IMMEDIATE`` (see
``edcamp.database``), which serialises them the same way. The statements
themselves are in ``ballot_box`` (driver-level SQL: this is the hot path).

Functions flush but never commit: the caller (a view) commits. The exceptions are
``vote`` and ``unvote``, the hot path, each a whole transaction (or a share of one).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from edcamp.accounts.service import hash_token
from edcamp.attendees.service import ATTENDEE_TOKEN_PREFIX
from edcamp.database import SessionBusy, autocommit_engine, direct_transaction
from edcamp.errors import Conflict, NotFound, Unauthorized
from edcamp.events.service import voting_is_open
from edcamp.extensions import db
from edcamp.models import Attendee, Event, Vote
from edcamp.urls import MAX_ID
from edcamp.voting import ballot_box

MAX_RACE_RETRIES = 10
T = TypeVar("T")


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
    row = ballot_box.event_row(slug)
    if row is None:
        raise NotFound("There is no event at that address.", code="event_not_found")
    return VotingEvent(*row)


AnyEvent = Event | VotingEvent
Voter = Attendee | int


def _voter_id(voter: Voter) -> int:
    return voter if isinstance(voter, int) else voter.id


def voter_for_token(event: AnyEvent, token: str) -> int | None:
    """The id of this event's attendee holding a bearer token (the API's fast path)."""
    if not token.startswith(ATTENDEE_TOKEN_PREFIX):
        return None
    return ballot_box.attendee_id(event.id, hash_token(token))


@dataclass(frozen=True)
class TokenVote:
    """What a vote sent with a bearer token needs, read in one query."""

    event: VotingEvent
    attendee_id: int | None
    proposal: tuple[int, bool] | None  # (event_id, hidden)


def token_vote(slug: str, token: str, proposal_id: int) -> TokenVote:
    """NotFound for an unknown event; ``attendee_id`` is None for a token of nobody here."""
    in_range = 0 < proposal_id <= MAX_ID
    hashed = hash_token(token) if token.startswith(ATTENDEE_TOKEN_PREFIX) else ""
    found = ballot_box.vote_context(slug, hashed, proposal_id if in_range else 0)
    if found is None:
        raise NotFound("There is no event at that address.", code="event_not_found")
    event, attendee_id, proposal = found
    return TokenVote(VotingEvent(*event), attendee_id if hashed else None, proposal)


ClaimedVoter = Callable[[int], int]  # event id -> the attendee id a session cookie claims


def vote(
    slug: str,
    proposal_id: int,
    *,
    token: str | None = None,
    claimed_voter: ClaimedVoter | None = None,
) -> tuple[VotingEvent, Ballot]:
    """Cast a vote, committed when this returns: by a bearer ``token``, or by the attendee
    a phone's session cookie claims (``claimed_voter``, which checks the request's CSRF
    token and raises when there is none). Voting twice for the same proposal changes
    nothing. The event and the attendee's ballot afterwards.

    Takes the cheapest way the database allows: on PostgreSQL a batch shared with
    concurrent votes, else (or when the batch cannot settle it) one transaction; on
    SQLite that transaction runs straight on the driver, outside the ORM session."""
    if autocommit_engine() is not None:
        settled = batched_vote(slug, proposal_id, token=token, claimed_voter=claimed_voter)
        if settled is not None:
            return settled
    return _committed(_vote_in_transaction, slug, proposal_id, token, claimed_voter)


def _committed(work: Callable[..., T], *args) -> T:
    """``work(*args)`` as one committed transaction: on SQLite a direct one, straight on the
    driver (unless the session already holds a transaction), else the session's."""
    if db.engine.dialect.name == "sqlite":
        try:
            with direct_transaction():
                return work(*args)
        except SessionBusy:
            pass
    result = work(*args)
    db.session.commit()
    return result


def _vote_in_transaction(
    slug: str, proposal_id: int, token: str | None, claimed_voter: ClaimedVoter | None
) -> tuple[VotingEvent, Ballot]:
    if token is not None:  # the event, the token's attendee and the proposal in one query
        found = token_vote(slug, token, proposal_id)
        if found.attendee_id is None:
            raise Unauthorized("Join the event first and send your attendee token.")
        event = found.event
        return event, cast_vote(event, found.attendee_id, proposal_id, proposal=found.proposal)
    event = voting_event(slug)
    return event, cast_vote(event, _voter_of(event, None, claimed_voter), proposal_id)


def unvote(
    slug: str,
    proposal_id: int,
    *,
    token: str | None = None,
    claimed_voter: ClaimedVoter | None = None,
) -> tuple[VotingEvent, Ballot]:
    """Take a vote back, committed when this returns (callers as for ``vote``); a no-op
    without one."""
    return _committed(_unvote_in_transaction, slug, proposal_id, token, claimed_voter)


def _unvote_in_transaction(
    slug: str, proposal_id: int, token: str | None, claimed_voter: ClaimedVoter | None
) -> tuple[VotingEvent, Ballot]:
    event = voting_event(slug)
    return event, retract_vote(event, _voter_of(event, token, claimed_voter), proposal_id)


def _voter_of(event: VotingEvent, token: str | None, claimed_voter: ClaimedVoter | None) -> int:
    """The voting attendee's id, by bearer token or by the id a session cookie claims."""
    if token is not None:
        voter = voter_for_token(event, token)
    else:
        voter = ballot_box.live_attendee(event.id, claimed_voter(event.id))
    if voter is None:
        raise Unauthorized("Join the event first and send your attendee token.")
    return voter


def batched_vote(
    slug: str,
    proposal_id: int,
    *,
    token: str | None = None,
    claimed_voter: ClaimedVoter | None = None,
) -> tuple[VotingEvent, Ballot] | None:
    """PostgreSQL's batched vote (see ``ballot_box.pg_vote``): the event and the attendee's
    ballot after a vote that was cast or already there; raises for a plain refusal; None
    when the caller must take the transaction instead."""
    if not 0 < proposal_id <= MAX_ID:
        return None
    if token is not None:
        if not token.startswith(ATTENDEE_TOKEN_PREFIX):
            return None
        voter = {"token_hash": hash_token(token)}
    else:
        claimed = claimed_voter(voting_event(slug).id)
        if not 0 < claimed <= MAX_ID:
            return None
        voter = {"attendee_id": claimed}
    try:
        row = ballot_box.pg_vote(slug, proposal_id, **voter)
    except ballot_box.Unsettled:
        return None
    if row is None:
        raise NotFound("There is no event at that address.", code="event_not_found")
    event = VotingEvent(row[0], row[1], row[2], row[3], row[4], bool(row[5]))
    voter_id, proposal_event, hidden, mine, inserted = row[6:11]
    if voter_id is None:
        raise Unauthorized("Join the event first and send your attendee token.")
    ensure_voting_open(event)
    if proposal_event != event.id or hidden:
        raise NotFound("This event has no such proposal.", code="proposal_not_found")
    voted = frozenset(mine)
    if inserted:
        return event, Ballot(voted | {proposal_id}, event.votes_per_attendee)
    if proposal_id in voted:
        return event, Ballot(voted, event.votes_per_attendee)
    if len(voted) >= event.votes_per_attendee:
        raise NoVotesLeft(f"You have used all {event.votes_per_attendee} of your votes.")
    # Allowed but not inserted: a concurrent vote of the same attendee took the ballot
    # (or voting closed between the statement and this check). The transaction decides.
    return None


def ensure_voting_open(event: AnyEvent) -> None:
    if not voting_is_open(event):
        raise VotingClosed("Voting is closed for this event.")


_UNREAD = (-1, True)


def _proposal_of(
    event: AnyEvent, proposal_id: int, *, visible: bool, known: tuple | None = _UNREAD
) -> None:
    state = known
    if state is _UNREAD:
        state = ballot_box.proposal_state(proposal_id) if 0 < proposal_id <= MAX_ID else None
    if state is None or state[0] != event.id or (visible and state[1]):
        raise NotFound("This event has no such proposal.", code="proposal_not_found")


def votable_proposal(event: AnyEvent, proposal_id: int, known: tuple | None = _UNREAD) -> None:
    """NotFound unless this is a visible proposal of this event (not hidden, not merged).
    ``known``: its (event_id, hidden) when already read (None: no such proposal)."""
    _proposal_of(event, proposal_id, visible=True, known=known)


def ballot_of(event: AnyEvent, voter: Voter) -> Ballot:
    voted = frozenset(p for p, _ballot in ballot_box.ballots(_voter_id(voter)))
    return Ballot(voted, event.votes_per_attendee)


def cast_vote(
    event: AnyEvent, voter: Voter, proposal_id: int, *, proposal: tuple | None = _UNREAD
) -> Ballot:
    """Vote for a proposal; voting twice for the same one changes nothing."""
    ensure_voting_open(event)
    votable_proposal(event, proposal_id, proposal)
    attendee_id = _voter_id(voter)
    limit = event.votes_per_attendee
    for _attempt in range(MAX_RACE_RETRIES):
        rows = ballot_box.locked_ballots(attendee_id)
        voted = frozenset(p for p, _ballot in rows)
        if proposal_id in voted:
            return Ballot(voted, limit)
        used = {number for _p, number in rows}
        free = [number for number in range(1, limit + 1) if number not in used]
        if len(voted) >= limit or not free:
            raise NoVotesLeft(f"You have used all {limit} of your votes.")
        try:
            ballot_box.insert_vote(event.id, proposal_id, attendee_id, free[0])
        except IntegrityError:
            # A concurrent vote took that ballot (or this proposal): start the transaction
            # again and look afresh. Nothing else was written in it yet.
            db.session.rollback()
            continue
        return Ballot(voted | {proposal_id}, limit)
    raise Conflict("Too many votes at once; please try again.", code="vote_contention")


def retract_vote(event: AnyEvent, voter: Voter, proposal_id: int) -> Ballot:
    """Take a vote back (also from a proposal hidden since); a no-op if there was none."""
    ensure_voting_open(event)
    _proposal_of(event, proposal_id, visible=False)
    ballot_box.delete_vote(_voter_id(voter), proposal_id)
    return ballot_of(event, voter)


def vote_counts(event: Event) -> dict[int, int]:
    rows = db.session.execute(
        select(Vote.proposal_id, func.count())
        .where(Vote.event_id == event.id)
        .group_by(Vote.proposal_id)
    )
    return {proposal_id: count for proposal_id, count in rows}
