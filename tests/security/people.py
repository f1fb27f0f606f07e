"""A published event with people who did and did not consent, and every public output of it.

Shared by the in-process privacy sweep and the multi-worker one. Attendees get large,
distinctive ids so that a test can tell an attendee id in an output from any other number.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass, field

from edcamp.accounts.service import hash_token
from edcamp.attendees.service import Profile, apply_profile, clean_profile, new_feed_token
from edcamp.extensions import db
from edcamp.models import Attendee, Event
from edcamp.proposals.service import ProposalText, create_proposal, offer_to_facilitate
from tests.publishing.helpers import publish


@dataclass
class Person:
    id: int
    name: str
    email: str
    token: str


@dataclass
class Sweep:
    event: Event
    slug: str
    people: dict[str, Person]
    session_ids: list[int]
    room_ids: list[int]
    organizer_token: str = ""
    extra: dict = field(default_factory=dict)


def add_person(event: Event, key: str, name: str, attendee_id: int, **profile) -> Person:
    """Join with a chosen id (the real join path gives small ids that look like any number)."""
    token = "att_" + secrets.token_urlsafe(32)
    email = f"{key}.{attendee_id}@school.test"
    attendee = Attendee(
        id=attendee_id, event=event, token_hash=hash_token(token), feed_token=new_feed_token()
    )
    apply_profile(attendee, clean_profile(Profile(name=name, email=email, **profile)))
    db.session.add(attendee)
    db.session.flush()
    return Person(attendee_id, name, email, token)


def build_sweep(make_event, *, slug: str = "sweep", organizer=None) -> Sweep:
    """Quinn never consented; Nadia did; Leo (named) co-leads Nadia's session and will leave
    it; Erin (named) will erase herself. Everyone's session is on the published grid."""
    event = make_event(
        organizer,
        slug=slug,
        rooms=[("Library", 30), ("Room 1", 20)],
        slots=[("09:00", "09:50"), ("10:00", "10:50")],
    )
    people = {
        "quinn": add_person(event, "quinn", "Quinn Quietly", 48213),
        "nadia": add_person(event, "nadia", "Nadia Namesake", 59377, show_name=True),
        "leo": add_person(event, "leo", "Leopold Leaving", 61729, show_name=True),
        "erin": add_person(event, "erin", "Erin Erasable", 73391, show_name=True),
    }
    by_key = {k: db.session.get(Attendee, p.id) for k, p in people.items()}
    quiet = create_proposal(event, ProposalText(title="Quiet maths"), by=by_key["quinn"])
    named = create_proposal(event, ProposalText(title="Named podcasts"), by=by_key["nadia"])
    offer_to_facilitate(named, by=by_key["leo"])
    erased = create_proposal(event, ProposalText(title="Clay and art"), by=by_key["erin"])
    db.session.commit()
    library, room1 = event.rooms
    first, second = event.slots
    publish(event, [(quiet, library, first), (named, room1, first), (erased, library, second)])
    return Sweep(event, slug, people, [quiet.id, named.id, erased.id], [library.id, room1.id])


def public_paths(sweep: Sweep) -> list[str]:
    """Every public output of the event: pages, feeds, frab, the public API."""
    s = sweep.slug
    pages = [
        f"/events/{s}",
        f"/events/{s}/schedule",
        f"/events/{s}/embed",
        f"/events/{s}/embed?theme=dark&tag=math",
        f"/events/{s}/schedule/print",
        f"/events/{s}/door-signs",
        f"/events/{s}/now?at=2026-06-13T09:15",
        f"/events/{s}/now/rows?at=2026-06-13T09:15",
        f"/events/{s}/manifest.webmanifest",  # the installable app's name and icons
        "/offline",  # what the service worker shows for a page a phone never saved
    ]
    pages += [f"/events/{s}/sessions/{i}" for i in sweep.session_ids]
    pages += [f"/events/{s}/rooms/{r}?at=2026-06-13T09:15" for r in sweep.room_ids]
    feeds = [f"/events/{s}/schedule.ics", f"/events/{s}/schedule.json", f"/events/{s}/schedule.xml"]
    feeds += [f"/events/{s}/rooms/{r}/schedule.ics" for r in sweep.room_ids]
    feeds += [f"/events/{s}/sessions/{i}/calendar.ics" for i in sweep.session_ids]
    api = [
        f"/api/v1/events/{s}",
        f"/api/v1/events/{s}/board",
        f"/api/v1/events/{s}/schedule",
        f"/api/v1/events/{s}/proposals",
    ]
    api += [f"/api/v1/events/{s}/proposals/{i}" for i in sweep.session_ids]
    return pages + feeds + api


STREAMS = ("/api/v1/events/{slug}/board/stream", "/events/{slug}/now/stream")
ID_KEYS = {"proposer_id", "facilitator_ids", "attendee_id", "attendee_ids"}


def _json_keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _json_keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _json_keys(v)}
    return set()


def leaks(body: str, people: list[Person]) -> list[str]:
    """What of these people an output shows: names, emails, attendee ids, id-bearing keys."""
    found = []
    for person in people:
        first, last = person.name.split()
        for text in (person.name, last, person.email):
            if text.lower() in body.lower():
                found.append(f"{person.name}: {text!r}")
        if re.search(rf"(?<![0-9]){person.id}(?![0-9])", body):
            found.append(f"{person.name}: id {person.id}")
    try:
        keys = _json_keys(json.loads(body))
    except ValueError:
        keys = set()
    found += [f"key {k!r}" for k in sorted(keys & ID_KEYS)]
    return found
