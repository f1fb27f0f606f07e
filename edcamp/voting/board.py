"""The board: every visible proposal with its votes, for screens, phones and the API.

``board_state`` reads the database once and returns the full state (counts
included); ``public_view`` is the pure function that decides what a viewer
may see: while voting is open and ``show_counts`` is off, counts are
withheld from everyone but organizers, and the order no longer follows the
votes (it would give them away) but a fixed shuffle.
"""

from __future__ import annotations

import hashlib
from datetime import UTC
from typing import Any

from sqlalchemy import func, select

from edcamp.events.voting import voting_is_open
from edcamp.extensions import db
from edcamp.models import Event, Facilitator, Proposal, Schedule
from edcamp.voting.service import vote_counts

Board = dict[str, Any]


def channel(event_id: int) -> str:
    return f"event:{event_id}:board"


def _iso_utc(moment) -> str | None:
    return moment.replace(tzinfo=UTC).isoformat() if moment is not None else None


def board_state(event: Event) -> Board:
    """The full board (with counts): what a channel carries and organizers see."""
    counts = vote_counts(event)
    proposals = db.session.execute(
        select(Proposal.id, Proposal.title, Proposal.tags, Proposal.is_request).where(
            Proposal.event_id == event.id, Proposal.hidden.is_(False)
        )
    ).all()
    led = set(
        db.session.scalars(
            select(Facilitator.proposal_id)
            .join(Proposal, Proposal.id == Facilitator.proposal_id)
            .where(Proposal.event_id == event.id)
        )
    )
    items = [
        {
            "id": p.id,
            "title": p.title,
            "tags": list(p.tags or []),
            "votes": counts.get(p.id, 0),
            "is_request": p.is_request,
            "needs_facilitator": p.id not in led,
        }
        for p in proposals
    ]
    items.sort(key=lambda item: (-item["votes"], item["id"]))
    return {
        "event": event.slug,
        "voting": "open" if voting_is_open(event) else "closed",
        "voting_closes_at": _iso_utc(event.voting_closes_at) if voting_is_open(event) else None,
        "show_counts": bool(event.show_counts),
        "votes_per_attendee": event.votes_per_attendee,
        "votes_cast": sum(counts.get(p.id, 0) for p in proposals),
        # The newest published grid (None before the first publish): phones and the
        # projector point people to the schedule as soon as it is out, and again on changes.
        "schedule_version": db.session.scalar(
            select(func.max(Schedule.version)).where(Schedule.event_id == event.id)
        ),
        "proposals": items,
    }


def counts_hidden(board: Board) -> bool:
    return board["voting"] == "open" and not board["show_counts"]


def _shuffle_key(event: str, proposal_id: int) -> bytes:
    return hashlib.blake2b(f"{event}:{proposal_id}".encode(), digest_size=8).digest()


def public_view(board: Board, *, organizer: bool = False) -> Board:
    """What a viewer sees: without per-proposal counts while they are hidden."""
    if organizer or not counts_hidden(board):
        return board
    items = [{k: v for k, v in item.items() if k != "votes"} for item in board["proposals"]]
    items.sort(key=lambda item: _shuffle_key(board["event"], item["id"]))
    return {**board, "proposals": items}
