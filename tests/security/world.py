"""Two events and six roles, built through the domain functions, for the authorization matrix.

``VALUES`` fills the variables of a route's URL; a route with a new variable name needs a
line here (a callable of the world and the rule, so one name can mean different things).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from edcamp.accounts.service import issue_token, token_row
from edcamp.attendees.service import Profile, join_event
from edcamp.connections import partners
from edcamp.connections.service import ask
from edcamp.contacts.resources import post_resource
from edcamp.events.rooms_and_slots import add_room, add_slot
from edcamp.events.service import EventDetails, create_event
from edcamp.extensions import db
from edcamp.learning.record import record_token
from edcamp.learning.reflections import ReflectionText, add_evidence, save_reflection
from edcamp.learning.try_it import try_it_token
from edcamp.mail import unsubscribe
from edcamp.mail.outbox import queue_mail
from edcamp.models import Attendee, Event, Organizer, utcnow
from edcamp.organizers.service import invite
from edcamp.proposals.merging import merge_proposals
from edcamp.proposals.service import ProposalText, create_proposal
from tests.helpers import TEST_PASSWORD
from tests.publishing.helpers import publish


@dataclass
class Member:
    attendee: Attendee
    token: str


@dataclass
class World:
    event: Event
    organizer: Organizer
    organizer_token: str
    foreign_organizer: Organizer
    foreign_organizer_token: str
    attendee: Member
    other_attendee: Member
    foreign_attendee: Member
    proposal_id: int
    room_id: int
    slot_id: int
    merge_id: int
    resource_id: int
    mail_id: int
    unsubscribe_token: str
    invitation_id: int
    evidence_id: int = 0
    connection_id: int = 0  # Bo asked Ada to connect; Ada has not answered


def _event(slug: str, organizer: Organizer) -> Event:
    details = EventDetails(name=f"Edcamp {slug}", date=date(2026, 6, 13), timezone="UTC")
    event = create_event(slug, details, by=organizer)
    add_room(event, "Library", 30)
    add_room(event, "Room 1", 20)
    add_slot(event, "09:00", "09:50")
    add_slot(event, "10:00", "10:50")
    db.session.flush()
    return event


def _member(event: Event, name: str) -> Member:
    email = f"{name.lower().replace(' ', '.')}@school.test"
    attendee, token = join_event(event, event.join_code, Profile(name=name, email=email))
    return Member(attendee, token)


@functools.cache
def _password_hash() -> str:
    return generate_password_hash(TEST_PASSWORD)


def _organizer(email: str) -> Organizer:
    """An organizer account; the password hash is computed once (hashing is slow on purpose)."""
    organizer = Organizer(
        email=email,
        name=email.split("@")[0],
        password_hash=_password_hash(),
        email_confirmed_at=utcnow(),
    )
    db.session.add(organizer)
    db.session.flush()
    return organizer


def build_world() -> World:
    organizer = _organizer("host@school.test")
    foreign_organizer = _organizer("elsewhere@school.test")
    event = _event("matrix", organizer)
    foreign_event = _event("elsewhere", foreign_organizer)
    attendee = _member(event, "Ada Owner")
    other = _member(event, "Bo Other")
    foreign = _member(foreign_event, "Cy Foreign")
    proposal = create_proposal(event, ProposalText(title="Robots"), by=attendee.attendee)
    first = create_proposal(event, ProposalText(title="Podcasts"), by=other.attendee)
    second = create_proposal(event, ProposalText(title="Podcasting"), by=other.attendee)
    merge = merge_proposals(event, second, first)
    resource = post_resource(attendee.attendee, "https://example.org/slides", "Slides")
    list_id = f"event:{event.id}"
    mail = queue_mail("ada.owner@school.test", "Hello", "Hi", kind="test", event=event)
    invitation = invite(event, "invited@school.test", by=organizer)
    partners.save_listing(
        attendee.attendee, subject="Science", grade_levels=["6-8"], idea="Water quality data"
    )
    connection = ask(other.attendee, attendee.attendee.id, message="Hello Ada")
    db.session.commit()
    room, slot = event.rooms[0], event.slots[0]
    publish(event, [(proposal, room, slot)])
    # The attendee leads "Robots": their reflection on it, with one evidence link.
    save_reflection(
        attendee.attendee, proposal.id, ReflectionText("Robots teach", "Try a robot", True)
    )
    evidence = add_evidence(attendee.attendee, proposal.id, "https://ada.example/post")
    db.session.commit()
    world = World(
        event=event,
        organizer=organizer,
        organizer_token=issue_token(organizer),
        foreign_organizer=foreign_organizer,
        foreign_organizer_token=issue_token(foreign_organizer),
        attendee=attendee,
        other_attendee=other,
        foreign_attendee=foreign,
        proposal_id=proposal.id,
        room_id=room.id,
        slot_id=slot.id,
        merge_id=merge.id,
        resource_id=resource.id,
        mail_id=mail.id,
        unsubscribe_token=unsubscribe.make_token("ada.owner@school.test", list_id),
        invitation_id=invitation.id,
        evidence_id=evidence.id,
        connection_id=connection.id,
    )
    db.session.commit()
    return world


Value = Callable[[World, str], object]

VALUES: dict[str, Value] = {
    "slug": lambda w, _rule: w.event.slug,
    "code": lambda w, _rule: w.event.join_code,
    "proposal_id": lambda w, _rule: w.proposal_id,
    "session_id": lambda w, _rule: w.proposal_id,
    "room_id": lambda w, _rule: w.room_id,
    "slot_id": lambda w, _rule: w.slot_id,
    "merge_id": lambda w, _rule: w.merge_id,
    "resource_id": lambda w, _rule: w.resource_id,
    "mail_id": lambda w, _rule: w.mail_id,
    "organizer_id": lambda w, _rule: w.organizer.id,
    "facilitator_id": lambda w, _rule: w.attendee.attendee.id,
    "fmt": lambda _w, _rule: "svg",
    "lang": lambda _w, _rule: "en",
    "connection_id": lambda w, _rule: w.connection_id,
    # Ada blocks Bo (who asked her); anyone may open Ada's page to ask (she is listed).
    "attendee_id": lambda w, rule: (
        w.other_attendee.attendee.id if rule.endswith("/block") else w.attendee.attendee.id
    ),
    "invitation_id": lambda w, _rule: w.invitation_id,
    "action": lambda _w, _rule: "revoke",
    "token_id": lambda w, _rule: token_row(w.organizer_token).id,
    "feed_token": lambda w, _rule: w.attendee.attendee.feed_token,
    "name": lambda _w, rule: "mastodon.csv" if "/me/" in rule else "contacts.csv",
    "evidence_id": lambda w, _rule: w.evidence_id,
    "token": lambda w, rule: (
        w.unsubscribe_token
        if rule.startswith("/mail/")
        else try_it_token(w.attendee.attendee)
        if "/try-it/" in rule
        else record_token(w.attendee.attendee, current_app.secret_key)
    ),
}


def client_as(app, world: World, role: str, *, api: bool) -> tuple[FlaskClient, dict]:
    """A test client, and the headers, that act as ``role`` (a bearer token for the API)."""
    client = app.test_client()
    members = {
        "attendee": world.attendee,
        "other_attendee": world.other_attendee,
        "foreign_attendee": world.foreign_attendee,
    }
    organizers = {
        "organizer": (world.organizer, world.organizer_token),
        "foreign_organizer": (world.foreign_organizer, world.foreign_organizer_token),
    }
    if role in members:
        member = members[role]
        if api:
            return client, {"Authorization": f"Bearer {member.token}"}
        with client.session_transaction() as session:
            session["attendees"] = {str(member.attendee.event_id): member.attendee.id}
        return client, {}
    if role in organizers:
        organizer, token = organizers[role]
        if api:
            return client, {"Authorization": f"Bearer {token}"}
        answer = client.post("/login", data={"email": organizer.email, "password": TEST_PASSWORD})
        assert answer.status_code == 302, answer.get_data(as_text=True)[:500]
        return client, {}
    return client, {}
