"""Merging duplicate proposals, and undoing a merge while voting is open.

A merge of ``source`` into ``target``:
- moves every vote on ``source`` to ``target``, except from attendees who
  voted for both: their ``source`` vote is dropped, which gives the spare
  vote back (the union of voters, each counted once);
- adds ``source``'s facilitators to ``target``;
- hides ``source`` and points it at ``target``;
- records what moved in a ``ProposalMerge`` so ``undo_merge`` can put it back.

Undo restores a dropped vote only if that attendee still has a free ballot
and still votes for ``target``; it never takes anyone over the limit.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from edcamp.errors import Conflict, Invalid, NotFound
from edcamp.events.voting import voting_is_open
from edcamp.extensions import db
from edcamp.models import Event, Facilitator, Proposal, ProposalMerge, Vote, utcnow
from edcamp.voting.service import lowest_free_ballot


def _voters(proposal_id: int) -> set[int]:
    return set(db.session.scalars(select(Vote.attendee_id).where(Vote.proposal_id == proposal_id)))


def _move_votes(source_id: int, target_id: int) -> tuple[list[int], list[int]]:
    source_voters, target_voters = _voters(source_id), _voters(target_id)
    moved = sorted(source_voters - target_voters)
    dropped = sorted(source_voters & target_voters)
    if dropped:
        db.session.execute(
            delete(Vote).where(Vote.proposal_id == source_id, Vote.attendee_id.in_(dropped))
        )
    if moved:
        db.session.execute(
            update(Vote)
            .where(Vote.proposal_id == source_id, Vote.attendee_id.in_(moved))
            .values(proposal_id=target_id)
        )
    return moved, dropped


def merge_proposals(event: Event, source: Proposal, target: Proposal) -> ProposalMerge:
    if source.event_id != event.id or target.event_id != event.id:
        raise NotFound(_("This event has no such proposal."), code="proposal_not_found")
    if source.id == target.id:
        raise Invalid(_("A proposal cannot be merged into itself."), field="into")
    if source.merged_into_id is not None:
        raise Conflict(_("This proposal was merged already."), code="already_merged")
    if target.merged_into_id is not None or target.hidden:
        raise Invalid(_("Merge into a visible proposal."), field="into")
    for _attempt in range(3):
        try:
            with db.session.begin_nested():
                moved, dropped = _move_votes(source.id, target.id)
            break
        except IntegrityError:
            continue  # a vote landed on the target meanwhile: look again
    else:
        raise Conflict(_("Votes kept changing during the merge; try again."), code="merge_busy")
    present = {f.attendee_id for f in target.facilitators}
    added = [f.attendee_id for f in source.facilitators if f.attendee_id not in present]
    for attendee_id in added:
        target.facilitators.append(Facilitator(attendee_id=attendee_id))
    source.hidden = True
    source.merged_into_id = target.id
    record = ProposalMerge(
        event_id=event.id,
        source_id=source.id,
        target_id=target.id,
        moved_voter_ids=moved,
        dropped_voter_ids=dropped,
        added_facilitator_ids=added,
    )
    db.session.add(record)
    db.session.flush()
    db.session.expire_all()
    return record


def get_merge(event: Event, merge_id: int) -> ProposalMerge:
    record = db.session.get(ProposalMerge, merge_id)
    if record is None or record.event_id != event.id:
        raise NotFound(_("This event has no such merge."), code="merge_not_found")
    return record


def _free_ballot(attendee_id: int, limit: int) -> int | None:
    used = set(db.session.scalars(select(Vote.ballot).where(Vote.attendee_id == attendee_id)))
    return lowest_free_ballot(used, limit)


def undo_blocker(event: Event, record: ProposalMerge) -> Conflict | None:
    """Why this merge cannot be undone now, in words an organizer can act on; None if it can."""
    if record.undone_at is not None:
        return Conflict(_("This merge was undone already."), code="merge_undone")
    source = db.session.get(Proposal, record.source_id)
    target = db.session.get(Proposal, record.target_id)
    if source is None or target is None:
        return Conflict(
            _("One of the two proposals was deleted, so this merge can no longer be undone."),
            code="merge_stale",
        )
    if target.merged_into_id is not None:
        later = db.session.get(Proposal, target.merged_into_id)
        return Conflict(
            _(
                "“%(title)s” was itself merged into “%(later)s” afterwards: undo that merge first.",
                title=target.title,
                later=later.title if later else "?",
            ),
            code="merge_stale",
        )
    if source.merged_into_id != record.target_id:
        return Conflict(
            _(
                "“%(title)s” was changed by hand since, so this merge can no longer be undone.",
                title=source.title,
            ),
            code="merge_stale",
        )
    if not voting_is_open(event):
        return Conflict(
            _(
                "Voting is closed, so votes can no longer move back: open voting again to undo "
                "this merge."
            ),
            code="voting_closed",
        )
    return None


def undo_merge(event: Event, record: ProposalMerge) -> Proposal:
    """Put a merged proposal back as it was, as far as the votes since allow."""
    blocker = undo_blocker(event, record)
    if blocker is not None:
        raise blocker
    source = db.session.get(Proposal, record.source_id)
    target_voters = _voters(record.target_id)
    moved_back = [a for a in record.moved_voter_ids if a in target_voters]
    if moved_back:
        db.session.execute(
            update(Vote)
            .where(Vote.proposal_id == record.target_id, Vote.attendee_id.in_(moved_back))
            .values(proposal_id=source.id)
        )
    for attendee_id in record.dropped_voter_ids:
        if attendee_id not in target_voters:
            continue
        ballot = _free_ballot(attendee_id, event.votes_per_attendee)
        if ballot is not None:
            db.session.add(
                Vote(
                    event_id=event.id, proposal_id=source.id, attendee_id=attendee_id, ballot=ballot
                )
            )
    if record.added_facilitator_ids:
        db.session.execute(
            delete(Facilitator).where(
                Facilitator.proposal_id == record.target_id,
                Facilitator.attendee_id.in_(record.added_facilitator_ids),
            )
        )
    source.hidden = False
    source.merged_into_id = None
    record.undone_at = utcnow()
    db.session.flush()
    db.session.expire_all()
    return source


def open_merges(event: Event) -> list[ProposalMerge]:
    return list(
        db.session.scalars(
            select(ProposalMerge)
            .where(ProposalMerge.event_id == event.id, ProposalMerge.undone_at.is_(None))
            .order_by(ProposalMerge.id.desc())
        )
    )
