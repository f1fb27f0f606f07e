"""Who was where: check-ins, a session's people, and the consenting contacts of an event.

Every list of people that leaves this module goes through :func:`contacts_for`, which
keeps only attendees who set ``share_contact`` (and emails only with ``share_email``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, select

from edcamp.contacts.checkin_window import CheckinWindow, utcnow, window_for
from edcamp.contacts.connect import Person
from edcamp.contacts.exports import Contact
from edcamp.contacts.handles import HANDLE_KINDS
from edcamp.errors import Conflict, NotFound
from edcamp.extensions import db
from edcamp.models import (
    Attendee,
    CheckIn,
    Event,
    Facilitator,
    Proposal,
    Schedule,
    ScheduleEntry,
    Star,
    Vote,
)


@dataclass
class Participation:
    """Who did what, for every proposal of one event: proposal id -> attendee ids."""

    facilitated: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    checked_in: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    starred: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    voted: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    from_checkins: bool = True
    from_stars: bool = True
    from_votes: bool = False

    def people_of(self, proposal_id: int) -> set[int]:
        """A session's people: facilitators plus whatever the organizers chose to count."""
        people = set(self.facilitated.get(proposal_id, ()))
        if self.from_checkins:
            people |= self.checked_in.get(proposal_id, set())
        if self.from_stars:
            people |= self.starred.get(proposal_id, set())
        if self.from_votes:
            people |= self.voted.get(proposal_id, set())
        return people

    def sessions_of(self, attendee_id: int, proposal_ids: set[int]) -> set[int]:
        return {pid for pid in proposal_ids if attendee_id in self.people_of(pid)}

    def by_attendee(self, proposal_ids: set[int]) -> dict[int, set[int]]:
        """attendee id -> the sessions (among ``proposal_ids``) they were part of."""
        result: dict[int, set[int]] = defaultdict(set)
        for pid in proposal_ids:
            for aid in self.people_of(pid):
                result[aid].add(pid)
        return result


def set_people_sources(event: Event, *, checkins: bool, stars: bool, votes: bool) -> None:
    """Who counts as a session's people besides its facilitators (lists, exports, connect)."""
    event.people_from_checkins = checkins
    event.people_from_stars = stars
    event.people_from_votes = votes
    db.session.flush()


_SNAPSHOT: ContextVar[dict | None] = ContextVar("edcamp_people_snapshot", default=None)


@contextmanager
def snapshot() -> Iterator[None]:
    """Inside the block, an event's participation, published grid and live attendees are
    read once and reused: for bulk work that asks for them per attendee (the follow-up
    mail), which otherwise reads the whole event once per person. Nothing in the block
    may change them."""
    token = _SNAPSHOT.set({})
    try:
        yield
    finally:
        _SNAPSHOT.reset(token)


def _remembered(key: tuple, build: Callable):
    memo = _SNAPSHOT.get()
    if memo is None:
        return build()
    if key not in memo:
        memo[key] = build()
    return memo[key]


def load_participation(event: Event) -> Participation:
    """Four bulk queries, whatever the size of the event."""
    return _remembered(("participation", event.id), lambda: _load_participation(event))


def _load_participation(event: Event) -> Participation:
    part = Participation(
        from_checkins=event.people_from_checkins,
        from_stars=event.people_from_stars,
        from_votes=event.people_from_votes,
    )
    in_event = select(Proposal.id).where(Proposal.event_id == event.id).scalar_subquery()
    for table, target in (
        (Facilitator, part.facilitated),
        (CheckIn, part.checked_in),
        (Star, part.starred),
    ):
        rows = db.session.execute(
            select(table.proposal_id, table.attendee_id).where(table.proposal_id.in_(in_event))
        )
        for proposal_id, attendee_id in rows:
            target[proposal_id].add(attendee_id)
    rows = db.session.execute(
        select(Vote.proposal_id, Vote.attendee_id).where(Vote.event_id == event.id)
    )
    for proposal_id, attendee_id in rows:
        part.voted[proposal_id].add(attendee_id)
    return part


def published_schedule(event: Event) -> Schedule | None:
    return db.session.scalar(
        select(Schedule)
        .where(Schedule.event_id == event.id, Schedule.version.is_not(None))
        .order_by(Schedule.version.desc())
        .limit(1)
    )


def published_entries(event: Event) -> list[ScheduleEntry]:
    return _remembered(("entries", event.id), lambda: _published_entries(event))


def _published_entries(event: Event) -> list[ScheduleEntry]:
    schedule = published_schedule(event)
    if schedule is None:
        return []
    return list(
        db.session.scalars(select(ScheduleEntry).where(ScheduleEntry.schedule_id == schedule.id))
    )


def event_sessions(event: Event) -> list[Proposal]:
    """The sessions of the event: the published grid, or every visible proposal before it."""
    entries = published_entries(event)
    if entries:
        ids = {e.proposal_id for e in entries}
        query = select(Proposal).where(Proposal.id.in_(ids))
    else:
        query = select(Proposal).where(
            Proposal.event_id == event.id,
            Proposal.hidden.is_(False),
            Proposal.merged_into_id.is_(None),
        )
    return list(db.session.scalars(query.order_by(Proposal.title, Proposal.id)))


def live_attendees(event: Event) -> list[Attendee]:
    return _remembered(("attendees", event.id), lambda: _live_attendees(event))


def _live_attendees(event: Event) -> list[Attendee]:
    return list(
        db.session.scalars(
            select(Attendee)
            .where(Attendee.event_id == event.id, Attendee.deleted_at.is_(None))
            .order_by(Attendee.name, Attendee.id)
        )
    )


def consenting(attendee: Attendee) -> bool:
    return attendee.share_contact and attendee.deleted_at is None and bool(attendee.name)


def to_contact(attendee: Attendee, session_titles: list[str], base_url: str = "") -> Contact:
    return Contact(
        name=attendee.name or "",
        given_name=attendee.given_name or "",
        family_name=attendee.family_name or "",
        email=attendee.email if attendee.share_email and attendee.email else None,
        role=attendee.role or None,
        subjects=tuple(attendee.subjects or ()),
        grade_levels=tuple(attendee.grade_levels or ()),
        handles={k: getattr(attendee, k) for k in HANDLE_KINDS if getattr(attendee, k)},
        sessions=tuple(session_titles),
        uid=f"urn:edcamp:{attendee.event_id}:attendee:{attendee.id}",
    )


def contacts_for(
    event: Event, *, proposal_ids: set[int] | None = None, exclude_id: int | None = None
) -> list[Contact]:
    """Consenting contacts of the whole event, or of the people of ``proposal_ids``."""
    sessions = {p.id: p.title for p in event_sessions(event)}
    part = load_participation(event)
    by_attendee = part.by_attendee(set(sessions))
    wanted: set[int] | None = None
    if proposal_ids is not None:
        wanted = (
            set().union(*(part.people_of(pid) for pid in proposal_ids)) if proposal_ids else set()
        )
    contacts = []
    for attendee in live_attendees(event):
        if not consenting(attendee) or attendee.id == exclude_id:
            continue
        if wanted is not None and attendee.id not in wanted:
            continue
        titles = sorted(sessions[pid] for pid in by_attendee.get(attendee.id, ()))
        contacts.append(to_contact(attendee, titles))
    return contacts


def people_for_connect(event: Event, proposal_ids: set[int]) -> list[Person]:
    key = ("connect", event.id, frozenset(proposal_ids))
    return _remembered(key, lambda: _people_for_connect(event, proposal_ids))


def _people_for_connect(event: Event, proposal_ids: set[int]) -> list[Person]:
    """Every live attendee as plain data for :mod:`edcamp.contacts.connect`."""
    part = load_participation(event)
    interests: dict[int, set[int]] = defaultdict(set)
    for table in (part.voted, part.starred):
        for pid, ids in table.items():
            for aid in ids:
                interests[aid].add(pid)
    sessions = part.by_attendee(proposal_ids)
    return [
        Person(
            id=a.id,
            name=a.name or "",
            consenting=consenting(a),
            role=a.role or None,
            subjects=frozenset(a.subjects or ()),
            grade_levels=frozenset(a.grade_levels or ()),
            sessions=frozenset(sessions.get(a.id, ())),
            interests=frozenset(interests.get(a.id, ())),
        )
        for a in live_attendees(event)
    ]


# --- check-in -------------------------------------------------------------


def checkin_window(proposal: Proposal) -> CheckinWindow | None:
    """When check-in to this session is accepted; None when it is not on the published grid."""
    event = proposal.event
    for entry in published_entries(event):
        if entry.proposal_id == proposal.id:
            slot = entry.slot
            return window_for(event.date, event.timezone, slot.starts_at, slot.ends_at)
    return None


def check_in(attendee: Attendee, proposal: Proposal, *, now: datetime | None = None) -> bool:
    """ "I'm here", from 15 minutes before the session's slot to its end (in the event's
    time zone). Several sessions of one slot are fine. True when newly checked in."""
    if proposal.event_id != attendee.event_id:
        raise NotFound(_("There is no such session in this event."), code="proposal_not_found")
    window = checkin_window(proposal)
    if window is None:
        raise Conflict(
            _("You can check in once this session is on the published schedule."),
            code="not_scheduled",
        )
    state = window.state(now or utcnow())
    if state == "early":
        raise Conflict(
            _(
                "Check-in opens at %(opens)s, 15 minutes before the session starts at %(starts)s.",
                opens=window.local(window.opens_at),
                starts=window.local(window.starts_at),
            ),
            code="checkin_not_open",
        )
    if state == "over":
        raise Conflict(
            _(
                "This session ended at %(time)s: check-in is closed.",
                time=window.local(window.ends_at),
            ),
            code="checkin_closed",
        )
    if db.session.get(CheckIn, (attendee.id, proposal.id)) is not None:
        return False
    db.session.add(CheckIn(attendee_id=attendee.id, proposal_id=proposal.id))
    db.session.flush()
    return True


def set_checked_in(attendee: Attendee, proposal: Proposal, here: bool) -> None:
    """ "I'm here" (``here``) or "not here": the check-in button's one call."""
    if here:
        check_in(attendee, proposal)
    else:
        undo_check_in(attendee, proposal)


def undo_check_in(attendee: Attendee, proposal: Proposal) -> None:
    db.session.execute(
        delete(CheckIn).where(
            CheckIn.attendee_id == attendee.id, CheckIn.proposal_id == proposal.id
        )
    )


def is_checked_in(attendee: Attendee | None, proposal: Proposal) -> bool:
    if attendee is None:
        return False
    return db.session.get(CheckIn, (attendee.id, proposal.id)) is not None
