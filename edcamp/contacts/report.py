"""The organizer's after-event report: demand, attendance and what did not fit."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import time

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from edcamp.contacts.exports import safe_cell, write_csv
from edcamp.contacts.people import load_participation, published_entries
from edcamp.extensions import db
from edcamp.feedback.service import event_feedback
from edcamp.formatting import clock
from edcamp.models import Event, Proposal

# A report for people: its columns are in the language of whoever downloads it.
REPORT_HEADER = (
    _l("Proposal"),
    _l("Tags"),
    _l("Votes"),
    _l("Stars"),
    _l("Check-ins"),
    _l("Facilitators"),
    _l("Room"),
    _l("Capacity"),
    _l("Starts"),
    _l("Overflow"),
    _l("Scheduled"),
    _l("Hidden"),
    _l("Useful"),
    _l("Not for me"),
)


@dataclass(frozen=True)
class SessionRow:
    proposal_id: int
    title: str
    tags: tuple[str, ...]
    votes: int
    stars: int
    checkins: int
    facilitators: int
    room: str | None
    capacity: int | None
    starts_at: str | None  # "HH:MM", the machine form (the API)
    hidden: bool
    useful: int = 0  # feedback: "useful" taps
    not_for_me: int = 0
    start_time: time | None = None  # the same start, for formatting in the reader's language

    @property
    def scheduled(self) -> bool:
        return self.room is not None

    @property
    def overflow(self) -> int:
        """People beyond the room's capacity, by votes or by check-ins, whichever is more."""
        if self.capacity is None:
            return 0
        return max(0, max(self.votes, self.checkins) - self.capacity)


@dataclass(frozen=True)
class TagDemand:
    tag: str
    proposals: int
    votes: int
    checkins: int


@dataclass(frozen=True)
class Report:
    event_name: str
    published: bool
    rows: tuple[SessionRow, ...]

    @property
    def total_votes(self) -> int:
        return sum(r.votes for r in self.rows)

    @property
    def total_checkins(self) -> int:
        return sum(r.checkins for r in self.rows)

    @property
    def total_feedback(self) -> tuple[int, int]:
        """(useful, not for me) over every session."""
        return sum(r.useful for r in self.rows), sum(r.not_for_me for r in self.rows)

    @property
    def overflowed(self) -> list[SessionRow]:
        return [r for r in self.rows if r.overflow > 0]

    @property
    def not_on_grid(self) -> list[SessionRow]:
        return [r for r in self.rows if not r.scheduled and not r.hidden]

    @property
    def demand_by_tag(self) -> list[TagDemand]:
        """Tags match case-insensitively ("STEM" and "stem" are one), shown as first typed."""
        shown: dict[str, str] = {}
        proposals: Counter[str] = Counter()
        votes: Counter[str] = Counter()
        checkins: Counter[str] = Counter()
        for row in self.rows:
            if row.hidden:
                continue
            for key, tag in {
                t.strip().casefold(): t.strip() for t in row.tags if t.strip()
            }.items():
                shown.setdefault(key, tag)
                proposals[key] += 1
                votes[key] += row.votes
                checkins[key] += row.checkins
        demand = [TagDemand(shown[k], proposals[k], votes[k], checkins[k]) for k in shown]
        return sorted(demand, key=lambda d: (-d.votes, -d.proposals, d.tag.casefold()))


def event_report(event: Event) -> Report:
    part = load_participation(event)
    cells = {e.proposal_id: e for e in published_entries(event)}
    proposals = db.session.scalars(
        select(Proposal)
        .where(Proposal.event_id == event.id, Proposal.merged_into_id.is_(None))
        .order_by(Proposal.title, Proposal.id)
    )
    feedback = event_feedback(event)
    rows = []
    for p in proposals:
        cell = cells.get(p.id)
        given = feedback.get(p.id)
        rows.append(
            SessionRow(
                proposal_id=p.id,
                title=p.title,
                tags=tuple(p.tags or ()),
                votes=len(part.voted.get(p.id, ())),
                stars=len(part.starred.get(p.id, ())),
                checkins=len(part.checked_in.get(p.id, ())),
                facilitators=len(part.facilitated.get(p.id, ())),
                room=cell.room.name if cell else None,
                capacity=cell.room.capacity if cell else None,
                starts_at=cell.slot.starts_at.strftime("%H:%M") if cell else None,
                start_time=cell.slot.starts_at if cell else None,
                hidden=p.hidden,
                useful=given.useful if given else 0,
                not_for_me=given.not_for_me if given else 0,
            )
        )
    rows.sort(key=lambda r: (-r.votes, r.title.casefold(), r.proposal_id))
    return Report(event_name=event.name, published=bool(cells), rows=tuple(rows))


def report_csv(report: Report) -> str:
    lines: list[tuple[str, ...]] = [tuple(str(name) for name in REPORT_HEADER)]
    yes, no = _("yes"), _("no")
    for r in report.rows:
        cells = (
            r.title,
            "; ".join(r.tags),
            str(r.votes),
            str(r.stars),
            str(r.checkins),
            str(r.facilitators),
            r.room or "",
            "" if r.capacity is None else str(r.capacity),
            clock(r.start_time),
            str(r.overflow),
            yes if r.scheduled else no,
            yes if r.hidden else no,
            str(r.useful),
            str(r.not_for_me),
        )
        lines.append(tuple(safe_cell(c) for c in cells))
    return write_csv(lines)
