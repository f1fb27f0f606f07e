"""The rules of voting: who may vote, for what, and which ballot a vote takes.

Each attendee has ``votes_per_attendee`` numbered ballots. A vote takes the
lowest free one (``lowest_free_ballot``, the one place that rule is written),
and the ``votes`` table is UNIQUE on (attendee_id, ballot) and (attendee_id,
proposal_id): two concurrent votes of one attendee can never share a ballot.
The loser of such a race hits the constraint, rolls back its transaction and
looks again. On PostgreSQL the attendee row is also locked so such races queue
instead of retrying; on SQLite every write transaction is ``BEGIN IMMEDIATE``
(see ``edcamp.database``), which serialises them the same way.

Where the statements run is not decided here: ``ballot_box`` holds them
(driver-level SQL: this is the hot path) and ``pg_votes`` is PostgreSQL's
one-statement vote, which settles most votes before the transaction is needed.

``vote`` and ``unvote`` are the way in for every caller (API, phone page,
no-script form): each is a whole committed transaction. The others flush but
never commit.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from edcamp.accounts.service import hash_token
from edcamp.attendees.service import ATTENDEE_TOKEN_PREFIX
from edcamp.database import SessionBusy, direct_transaction
from edcamp.errors import Conflict, NotFound, Unauthorized
from edcamp.events.voting import voting_is_open
from edcamp.extensions import db
from edcamp.models import Attendee, Event, Vote
from edcamp.urls import MAX_ID
from edcamp.voting import ballot_box, pg_votes

MAX_RACE_RETRIES = 10
T = TypeVar("T")


class VotingClosed(Conflict):
    code = "voting_closed"


class NoVotesLeft(Conflict):
    code = "no_votes_left"


def lowest_free_ballot(used: Collection[int], limit: int) -> int | None:
    """The ballot a new vote takes: the lowest number in 1..``limit`` that none of the
    attendee's votes holds; None when they hold ``limit`` votes or more (the limit may
    have been lowered since they voted). SQL that picks a ballot mirrors this and says so."""
    if len(used) >= limit:
        return None
    return next((number for number in range(1, limit + 1) if number not in used), None)


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


@dataclass(frozen=True)
class Voter:
    """The attendee who votes, as the request names them: by their bearer token, or as
    the attendee a phone's session holds for the event (``claims``: event id -> attendee
    id; the view has checked the request's CSRF token), named by the token hash the claim
    was made with (``claim_hashes``), so a claim from before a token rotation is nobody's.
    The vote's own queries check that this is an attendee of the event who has not been
    deleted."""

    token_hash: str | None = None
    claims: Mapping[int, int] = field(default_factory=dict)
    claim_hashes: Mapping[int, str] = field(default_factory=dict)

    @classmethod
    def by_token(cls, token: str) -> Voter:
        # A token of the wrong kind is nobody's ("" is no stored hash).
        hashed = hash_token(token) if token.startswith(ATTENDEE_TOKEN_PREFIX) else ""
        return cls(token_hash=hashed)

    @classmethod
    def of(cls, attendee: Attendee) -> Voter:
        return cls(claims={attendee.event_id: attendee.id})

    def claimed_for(self, event_id: int) -> int:
        """The attendee id claimed for this event; 0 (no row has it) when none."""
        claimed = self.claims.get(event_id, 0)
        return claimed if 0 < claimed <= MAX_ID else 0


def voting_event(slug: str) -> VotingEvent:
    row = ballot_box.event_row(slug)
    if row is None:
        raise NotFound(_("There is no event at that address."), code="event_not_found")
    return VotingEvent(*row)


AnyEvent = Event | VotingEvent


def _voter_id(voter: Attendee | int) -> int:
    return voter if isinstance(voter, int) else voter.id


# The way in: a whole committed vote ---------------------------------------------------


def vote(slug: str, proposal_id: int, voter: Voter) -> tuple[VotingEvent, Ballot]:
    """Cast a vote, committed when this returns; voting twice for the same proposal
    changes nothing. The event and the attendee's ballot afterwards. On PostgreSQL most
    votes are settled by one statement (``pg_votes``); the rest, and every vote elsewhere,
    take one transaction."""
    if 0 < proposal_id <= MAX_ID:
        settled = _settled_in_one_statement(slug, proposal_id, voter)
        if settled is not None:
            return settled
    return _committed(_vote_in_transaction, slug, proposal_id, voter)


def unvote(slug: str, proposal_id: int, voter: Voter) -> tuple[VotingEvent, Ballot]:
    """Take a vote back, committed when this returns; a no-op without one."""
    return _committed(_unvote_in_transaction, slug, proposal_id, voter)


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


def _named(slug: str, voter: Voter) -> dict:
    """The voter as the vote's statements take it: a token hash, or an attendee id."""
    if voter.token_hash is not None:
        return {"token_hash": voter.token_hash, "attendee_id": None}
    event_id = voting_event(slug).id
    if claimed := voter.claim_hashes.get(event_id):
        return {"token_hash": claimed, "attendee_id": None}
    attendee_id = voter.claimed_for(event_id)  # a claim from before claims carried the hash
    if attendee_id and ballot_box.token_rotated(attendee_id):
        attendee_id = 0  # ...made before a rotation, as far as anyone can tell
    return {"token_hash": None, "attendee_id": attendee_id}


def _context(slug: str, proposal_id: int, voter: Voter) -> tuple[VotingEvent, int, tuple | None]:
    """The event, the voter's attendee id and the proposal's (event_id, hidden), in one
    query; NotFound for an unknown event, Unauthorized for a voter who is nobody here."""
    in_range = 0 < proposal_id <= MAX_ID
    found = ballot_box.vote_context(slug, proposal_id if in_range else 0, **_named(slug, voter))
    if found is None:
        raise NotFound(_("There is no event at that address."), code="event_not_found")
    event, attendee_id, proposal = found
    if attendee_id is None:
        raise Unauthorized(_("Join the event first and send your attendee token."))
    return VotingEvent(*event), attendee_id, proposal


def _vote_in_transaction(slug: str, proposal_id: int, voter: Voter) -> tuple[VotingEvent, Ballot]:
    event, attendee_id, proposal = _context(slug, proposal_id, voter)
    return event, cast_vote(event, attendee_id, proposal_id, proposal=proposal)


def _unvote_in_transaction(slug: str, proposal_id: int, voter: Voter) -> tuple[VotingEvent, Ballot]:
    event, attendee_id, proposal = _context(slug, proposal_id, voter)
    return event, retract_vote(event, attendee_id, proposal_id, proposal=proposal)


def _settled_in_one_statement(
    slug: str, proposal_id: int, voter: Voter
) -> tuple[VotingEvent, Ballot] | None:
    """PostgreSQL's one-statement vote, judged by the same rules as the transaction; None
    when the transaction must decide (no such statement here, or it could not settle)."""
    if not pg_votes.available():
        return None
    outcome = pg_votes.cast(slug, proposal_id, **_named(slug, voter))
    if outcome is None:
        return None
    if outcome.event is None:
        raise NotFound(_("There is no event at that address."), code="event_not_found")
    event = VotingEvent(*outcome.event)
    if outcome.attendee_id is None:
        raise Unauthorized(_("Join the event first and send your attendee token."))
    ensure_voting_open(event)
    votable_proposal(event, proposal_id, outcome.proposal)
    limit = event.votes_per_attendee
    if outcome.inserted:
        return event, Ballot(outcome.voted | {proposal_id}, limit)
    if _ballot_for(proposal_id, outcome.voted, outcome.used, limit) is None:
        return event, Ballot(outcome.voted, limit)  # voted for it already
    # Allowed but not inserted: a concurrent vote of the same attendee took the ballot
    # (or voting closed between the statement and this check). The transaction decides.
    return None


# The rules, inside the caller's transaction ---------------------------------------------


def ensure_voting_open(event: AnyEvent) -> None:
    if not voting_is_open(event):
        raise VotingClosed(_("Voting is closed for this event."))


_UNREAD = (-1, True)


def _proposal_of(
    event: AnyEvent, proposal_id: int, *, visible: bool, known: tuple | None = _UNREAD
) -> None:
    state = known
    if state is _UNREAD:
        state = ballot_box.proposal_state(proposal_id) if 0 < proposal_id <= MAX_ID else None
    if state is None or state[0] != event.id or (visible and state[1]):
        raise NotFound(_("This event has no such proposal."), code="proposal_not_found")


def votable_proposal(event: AnyEvent, proposal_id: int, known: tuple | None = _UNREAD) -> None:
    """NotFound unless this is a visible proposal of this event (not hidden, not merged).
    ``known``: its (event_id, hidden) when already read (None: no such proposal)."""
    _proposal_of(event, proposal_id, visible=True, known=known)


def _ballot_for(
    proposal_id: int, voted: Collection[int], used: Collection[int], limit: int
) -> int | None:
    """The ballot a vote for ``proposal_id`` takes; None when the attendee voted for it
    already (nothing to do); NoVotesLeft when no ballot is free."""
    if proposal_id in voted:
        return None
    ballot = lowest_free_ballot(used, limit)
    if ballot is None:
        raise NoVotesLeft(
            ngettext(
                "You have used your %(num)d vote.",
                "You have used all %(num)d of your votes.",
                limit,
            )
        )
    return ballot


def ballot_of(event: AnyEvent, voter: Attendee | int) -> Ballot:
    voted = frozenset(p for p, _ballot in ballot_box.ballots(_voter_id(voter)))
    return Ballot(voted, event.votes_per_attendee)


def cast_vote(
    event: AnyEvent, voter: Attendee | int, proposal_id: int, *, proposal: tuple | None = _UNREAD
) -> Ballot:
    """Vote for a proposal in the caller's transaction; voting twice for the same one
    changes nothing."""
    ensure_voting_open(event)
    votable_proposal(event, proposal_id, proposal)
    attendee_id = _voter_id(voter)
    limit = event.votes_per_attendee
    for _attempt in range(MAX_RACE_RETRIES):
        rows = ballot_box.locked_ballots(attendee_id)
        voted = frozenset(p for p, _ballot in rows)
        ballot = _ballot_for(proposal_id, voted, [number for _p, number in rows], limit)
        if ballot is None:
            return Ballot(voted, limit)
        try:
            ballot_box.insert_vote(event.id, proposal_id, attendee_id, ballot)
        except IntegrityError:
            # A concurrent vote took that ballot (or this proposal): start the transaction
            # again and look afresh. Nothing else was written in it yet.
            db.session.rollback()
            continue
        return Ballot(voted | {proposal_id}, limit)
    raise Conflict(_("Too many votes at once; please try again."), code="vote_contention")


def retract_vote(
    event: AnyEvent, voter: Attendee | int, proposal_id: int, *, proposal: tuple | None = _UNREAD
) -> Ballot:
    """Take a vote back (also from a proposal hidden since); a no-op if there was none."""
    ensure_voting_open(event)
    _proposal_of(event, proposal_id, visible=False, known=proposal)
    ballot_box.delete_vote(_voter_id(voter), proposal_id)
    return ballot_of(event, voter)


def vote_counts(event: Event) -> dict[int, int]:
    rows = db.session.execute(
        select(Vote.proposal_id, func.count())
        .where(Vote.event_id == event.id)
        .group_by(Vote.proposal_id)
    )
    return {proposal_id: count for proposal_id, count in rows}
