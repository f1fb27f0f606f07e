"""What one attendee may see after the day: their sessions, the consenting people in them,
and people to connect with. Nothing here shows a session they were not part of."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from flask_babel import gettext as _

from edcamp.contacts.connect import Connections, connect_for
from edcamp.contacts.handles import HANDLE_KINDS, HANDLE_LABELS, is_valid_handle, profile_url
from edcamp.contacts.people import (
    consenting,
    live_attendees,
    load_participation,
    people_for_connect,
    published_entries,
)
from edcamp.errors import NotFound
from edcamp.models import Attendee, Event, ScheduleEntry
from edcamp.publishing.model import notes_url, slugify


@dataclass(frozen=True)
class ProfileLink:
    label: str
    text: str
    url: str


@dataclass(frozen=True)
class PersonCard:
    id: int
    name: str
    role: str
    subjects: tuple[str, ...]
    grade_levels: tuple[str, ...]
    email: str | None
    links: tuple[ProfileLink, ...]


@dataclass(frozen=True)
class MySession:
    id: int
    title: str
    room: str
    starts_at: time
    ends_at: time
    notes_url: str
    facilitated: bool
    checked_in: bool
    people: tuple[PersonCard, ...]


def person_card(attendee: Attendee) -> PersonCard:
    """A consenting attendee as shown on a page; callers never pass anyone else."""
    links = []
    for kind in HANDLE_KINDS:
        value = getattr(attendee, kind)
        if value and is_valid_handle(kind, value):
            links.append(ProfileLink(str(HANDLE_LABELS[kind]), value, profile_url(kind, value)))
    return PersonCard(
        id=attendee.id,
        name=attendee.name or "",
        role=attendee.role or "",
        subjects=tuple(attendee.subjects or ()),
        grade_levels=tuple(attendee.grade_levels or ()),
        email=attendee.email if attendee.share_email else None,
        links=tuple(links),
    )


def session_notes_url(event: Event, entry: ScheduleEntry) -> str:
    proposal = entry.proposal
    return proposal.notes_url or notes_url(
        event.notes_url_template,
        event_slug=event.slug,
        session_id=proposal.id,
        session_slug=slugify(proposal.title),
    )


def my_sessions(attendee: Attendee) -> list[MySession]:
    """The published sessions this attendee was part of, each with its consenting people."""
    event = attendee.event
    entries = published_entries(event)
    if not entries:
        return []
    part = load_participation(event)
    cards = {a.id: person_card(a) for a in live_attendees(event) if consenting(a)}
    sessions = []
    for entry in entries:
        people = part.people_of(entry.proposal_id)
        if attendee.id not in people:
            continue
        others = sorted(
            (cards[pid] for pid in people if pid in cards and pid != attendee.id),
            key=lambda card: (card.name.casefold(), card.id),
        )
        sessions.append(
            MySession(
                id=entry.proposal_id,
                title=entry.proposal.title,
                room=entry.room.name,
                starts_at=entry.slot.starts_at,
                ends_at=entry.slot.ends_at,
                notes_url=session_notes_url(event, entry),
                facilitated=attendee.id in part.facilitated.get(entry.proposal_id, ()),
                checked_in=attendee.id in part.checked_in.get(entry.proposal_id, ()),
                people=tuple(others),
            )
        )
    sessions.sort(key=lambda s: (s.starts_at, s.title.casefold()))
    return sessions


def my_session_ids(attendee: Attendee) -> set[int]:
    part = load_participation(attendee.event)
    ids = {e.proposal_id for e in published_entries(attendee.event)}
    return part.sessions_of(attendee.id, ids)


@dataclass(frozen=True)
class Suggested:
    card: PersonCard
    reason: str


@dataclass(frozen=True)
class Suggestions:
    people: tuple[Suggested, ...]
    outside_bubble: tuple[Suggested, ...]


def suggestions_for(attendee: Attendee, *, limit: int = 10, bubble_limit: int = 3) -> Suggestions:
    event = attendee.event
    if attendee.deleted_at is not None:
        raise NotFound(_("This attendee no longer exists."))
    session_ids = {e.proposal_id for e in published_entries(event)}
    people = people_for_connect(event, session_ids)
    found: Connections = connect_for(attendee.id, people, limit=limit, bubble_limit=bubble_limit)
    by_id = {a.id: a for a in live_attendees(event)}

    def wrap(items) -> tuple[Suggested, ...]:
        return tuple(
            Suggested(person_card(by_id[s.person_id]), s.reason)
            for s in items
            if s.person_id in by_id and consenting(by_id[s.person_id])
        )

    return Suggestions(wrap(found.suggestions), wrap(found.outside_bubble))
