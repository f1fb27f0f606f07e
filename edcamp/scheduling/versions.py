"""Published versions of the grid: publishing the draft, and what changed since.

Each publish copies the draft into a new numbered version. A session's iCal
SEQUENCE grows when it moved or its calendar text changed since the previous
version, so calendars accept the update.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from edcamp.attendees.public import public_name
from edcamp.errors import Conflict
from edcamp.extensions import db
from edcamp.formatting import human_list
from edcamp.models import Event, Organizer, Proposal, Schedule, ScheduleEntry, utcnow
from edcamp.scheduling.problem import Cell
from edcamp.scheduling.service import (
    GridState,
    draft_state,
    latest_published,
    visible_proposals,
)


def content_hash(proposal: Proposal) -> str:
    """What a calendar shows of a session besides time and place."""
    names = sorted(public_name(f.attendee) for f in proposal.facilitators if f.attendee)
    text = "\x1f".join([proposal.title, proposal.description, *proposal.tags, "|", *names])
    return hashlib.sha256(text.encode()).hexdigest()


def publish(event: Event, *, by: Organizer | None = None) -> Schedule:
    """Copy the draft into a new published version; SEQUENCE grows for moved or changed ones."""
    state = draft_state(event)
    previous = latest_published(event)
    before = {e.proposal_id: e for e in previous.entries} if previous is not None else {}
    last_sequence = {
        pid: sequence
        for pid, sequence in db.session.execute(
            select(ScheduleEntry.proposal_id, func.max(ScheduleEntry.sequence))
            .join(Schedule, Schedule.id == ScheduleEntry.schedule_id)
            .where(Schedule.event_id == event.id, Schedule.version.is_not(None))
            .group_by(ScheduleEntry.proposal_id)
        )
    }
    version = (previous.version or 0) + 1 if previous is not None else 1
    schedule = Schedule(event_id=event.id, version=version, published_at=utcnow())
    if by is not None:
        schedule.published_by_id = by.id
    db.session.add(schedule)
    db.session.flush()
    proposals = {p.id: p for p in visible_proposals(event)}
    for pid, (room_id, slot_id) in sorted(state.assignments.items()):
        digest = content_hash(proposals[pid])
        old = before.get(pid)
        if old is not None:
            same = (old.room_id, old.slot_id) == (room_id, slot_id)
            sequence = old.sequence if same and old.content_hash == digest else old.sequence + 1
        elif pid in last_sequence:  # back after a version without it
            sequence = last_sequence[pid] + 2
        else:
            sequence = 0
        db.session.add(
            ScheduleEntry(
                schedule_id=schedule.id,
                proposal_id=pid,
                room_id=room_id,
                slot_id=slot_id,
                pinned=pid in state.pinned,
                sequence=sequence,
                content_hash=digest,
            )
        )
    db.session.flush()
    return schedule


@dataclass(frozen=True)
class Changes:
    moved: list[int]
    added: list[int]
    removed: list[int]
    published_version: int | None
    before: dict[int, Cell] = field(default_factory=dict)  # the published cells
    after: dict[int, Cell] = field(default_factory=dict)  # the draft's cells

    @property
    def fingerprint(self) -> str:
        """Names exactly this difference: publishing with it refuses a draft changed since."""
        text = repr(
            (self.published_version, sorted(self.before.items()), sorted(self.after.items()))
        )
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @property
    def count(self) -> int:
        return len(self.moved) + len(self.added) + len(self.removed)

    def summary(self) -> str:
        if self.published_version is None:
            return _("Not published yet.")
        parts = []
        if self.moved:
            parts.append(
                ngettext("%(num)d session moved", "%(num)d sessions moved", len(self.moved))
            )
        if self.added:
            parts.append(
                ngettext("%(num)d session added", "%(num)d sessions added", len(self.added))
            )
        if self.removed:
            parts.append(
                ngettext(
                    "%(num)d session taken off", "%(num)d sessions taken off", len(self.removed)
                )
            )
        if not parts:
            return _("No changes since publishing.")
        return human_list(parts) + "."  # "2 sessions moved, 1 session added and ..."


def changes(event: Event, draft: GridState | None = None) -> Changes:
    """What changed on the draft since the last published version."""
    draft = draft or draft_state(event)
    previous = latest_published(event)
    now = dict(draft.assignments)
    if previous is None:
        return Changes([], sorted(now), [], None, after=now)
    before = {e.proposal_id: (e.room_id, e.slot_id) for e in previous.entries}
    return Changes(
        moved=sorted(p for p in now if p in before and before[p] != now[p]),
        added=sorted(p for p in now if p not in before),
        removed=sorted(p for p in before if p not in now),
        published_version=previous.version,
        before=before,
        after=now,
    )


def check_unchanged(event: Event, fingerprint: str | None) -> Changes:
    """The changes publishing makes now; a Conflict if they are not the ones the organizer saw."""
    diff = changes(event)
    if fingerprint is not None and fingerprint != diff.fingerprint:
        raise Conflict(
            _(
                "The draft changed since you looked at what publishing changes (someone else may "
                "be editing it): look at the changes again, then publish."
            ),
            code="draft_changed",
        )
    return diff
