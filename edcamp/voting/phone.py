"""The phone's voting page: the board as cards, my ballot, and the propose form.

Its own module because two blueprints draw it: voting's page, and proposals' propose form
when it comes back with errors.
"""

from __future__ import annotations

from flask import render_template

from edcamp.formatting import clock
from edcamp.models import Attendee, Event
from edcamp.proposals import service as proposals
from edcamp.proposals.forms import ProposalForm
from edcamp.voting import service
from edcamp.voting.board import board_state, counts_hidden, public_view


def phone_page(event: Event, attendee: Attendee, form: ProposalForm | None = None):
    board = public_view(board_state(event))
    ballot = service.ballot_of(event, attendee)
    items = {p.id: p for p in proposals.list_proposals(event)}
    cards = [
        {
            **item,
            "description": items[item["id"]].description,
            "mine": items[item["id"]].proposer_id == attendee.id,
        }
        for item in board["proposals"]
    ]
    if counts_hidden(board):  # the phone lists newest first while counts are hidden
        cards.sort(key=lambda card: -card["id"])
    tags = _tags(cards)
    shown = {card["id"] for card in cards}
    # Votes on proposals hidden since (not merged: a merge moved them): take them back here.
    stranded = [
        p
        for p in proposals.list_proposals(event, include_hidden=True)
        if p.id in ballot.proposal_ids and p.id not in shown and p.merged_into_id is None
    ]
    form = form or ProposalForm(formdata=None, data={"show_name": attendee.show_name})
    status = 422 if form.errors else 200
    return render_template(
        "voting/phone.html",
        event=event,
        attendee=attendee,
        board=board,
        cards=cards,
        tags=tags,
        ballot=ballot,
        my_ids=sorted(ballot.proposal_ids),
        stranded=stranded,
        closes_at=_local_clock(event),
        form=form,
        ask_name=not proposals.has_been_asked_to_lead(attendee),
    ), status


def _tags(cards: list[dict]) -> list[str]:
    """Every tag on the board once, as first typed, sorted without regard to case."""
    seen: dict[str, str] = {}
    for card in cards:
        for tag in card["tags"]:
            seen.setdefault(tag.casefold(), tag)
    return [seen[key] for key in sorted(seen)]


def _local_clock(event: Event) -> str | None:
    """The scheduled close as the event's wall-clock time, e.g. "11:30"."""
    if event.voting_closes_at is None:
        return None
    return clock(event.voting_closes_at, event.timezone)
