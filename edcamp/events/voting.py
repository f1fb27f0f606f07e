"""An event's voting settings: whether voting is open now, and the one function that
changes them (open or close, a scheduled close, live counts shown or hidden)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import gettext as _

from edcamp.errors import Invalid
from edcamp.events.service import zone
from edcamp.models import Event


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP = _Keep()  # a VotingChange field left as it is


@dataclass(frozen=True)
class VotingChange:
    """What an organizer changes about voting; every field is optional.

    ``state``: "open" or "closed" (either clears a scheduled close). ``closes_at``: open
    voting until then (aware, or naive in the event's time zone); None clears a scheduled
    close; ``KEEP`` leaves it. ``show_counts``: live counts visible to attendees."""

    state: str | None = None
    closes_at: datetime | None | _Keep = KEEP
    show_counts: bool | None = None


def change_voting(event: Event, change: VotingChange) -> Event:
    """Open or close voting, schedule or clear its close, show or hide live counts: the one
    place these settings change (settings form, moderation page, API). Votes after a
    scheduled close are refused; open boards are told when it passes
    (``voting.live_board``)."""
    if change.state is not None and change.state not in ("open", "closed"):
        raise Invalid(_("Voting is either 'open' or 'closed'."), field="voting")
    scheduled = isinstance(change.closes_at, datetime)
    if change.state == "closed" and scheduled:
        raise Invalid(_("Voting cannot close later while closing now."), field="voting_closes_at")
    if change.state is not None:
        event.voting = change.state
        event.voting_closes_at = None
    if change.closes_at is None:
        event.voting_closes_at = None
    elif scheduled:
        event.voting_closes_at = _close_time(event, change.closes_at)
        event.voting = "open"
    if change.show_counts is not None:
        event.show_counts = change.show_counts
    return event


def _close_time(event: Event, closes_at: datetime) -> datetime:
    """A future close time as stored (naive UTC); Invalid for the past."""
    if closes_at.tzinfo is None:
        closes_at = closes_at.replace(tzinfo=zone(event))
    if closes_at <= datetime.now(UTC):
        raise Invalid(_("Choose a time in the future."), field="voting_closes_at")
    try:
        return closes_at.astimezone(UTC).replace(tzinfo=None)
    except OverflowError as error:  # the last hours of year 9999
        raise Invalid(_("Choose a time before the year 9999."), field="voting_closes_at") from error


def voting_is_open(event: Event) -> bool:
    """Open, and not past a scheduled close time (closing happens lazily, on read)."""
    if event.voting != "open":
        return False
    if event.voting_closes_at is not None:
        return datetime.now(UTC).replace(tzinfo=None) < event.voting_closes_at
    return True


def vote_counts_hidden(event: Event) -> bool:
    """While voting is open and show_counts is off, only organizers see counts, or any order
    derived from them (the contract's rule for every public answer)."""
    return voting_is_open(event) and not event.show_counts
