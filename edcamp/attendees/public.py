"""How a person appears on public outputs: the one rule for a facilitator's public name.

Every public output (session, room, schedule, print and door-sign pages, iCal, frab/c3voc,
the public API) asks this module, so consent is decided in one place. A name is public only
when its owner ticked ``show_name``; otherwise they are "a participant". Public outputs never
carry an attendee id: a person gets an opaque id, keyed with the app's secret, that cannot be
turned back into their attendee id. Someone who is not named gets a different opaque id on
each session, so their sessions cannot be linked to each other either.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

if TYPE_CHECKING:  # plain data builders (edcamp.publishing.model) import this without the ORM
    from edcamp.models import Attendee

# Lazy: read in the language of the page or file being made (str() them where joined).
PARTICIPANT = _l("a participant")
SHOW_NAME_LABEL = _l("Show my name on sessions I lead, on the public schedule")


@dataclass(frozen=True)
class PublicPerson:
    """A facilitator as public outputs show them."""

    id: int  # opaque, positive, fits a 32-bit integer (frab's person "id")
    guid: str  # opaque UUID (frab's person "guid")
    public_name: str
    named: bool  # False: shown as "a participant"


def shows_name(attendee: Attendee | None) -> bool:
    return (
        attendee is not None
        and attendee.deleted_at is None
        and bool(attendee.show_name)
        and bool(attendee.name)
    )


def public_name(attendee: Attendee | None) -> str:
    """The name public outputs may print for this attendee."""
    return attendee.name if shows_name(attendee) and attendee is not None else str(PARTICIPANT)


def _opaque(secret: str, text: str) -> bytes:
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).digest()


def public_person(attendee: Attendee, *, session_id: int, secret: str) -> PublicPerson:
    """One facilitator of session ``session_id``, without anything that leads back to them."""
    named = shows_name(attendee)
    # Named: one id across sessions (the name links them anyway). Not named: one per session.
    text = f"person:{attendee.id}" if named else f"person:{attendee.id}:session:{session_id}"
    digest = _opaque(secret, text)
    return PublicPerson(
        id=int.from_bytes(digest[:4], "big") % (2**31 - 1) + 1,
        guid=str(uuid.UUID(bytes=digest[4:20], version=4)),
        public_name=public_name(attendee),
        named=named,
    )


def public_persons(
    attendees: Iterable[Attendee], *, session_id: int, secret: str
) -> tuple[PublicPerson, ...]:
    """A session's facilitators for public outputs; erased people are left out."""
    return tuple(
        public_person(a, session_id=session_id, secret=secret)
        for a in attendees
        if a is not None and a.deleted_at is None
    )


def public_names(persons: Iterable[PublicPerson]) -> tuple[str, ...]:
    """The names line of a session: named people, then "a participant" once for the rest."""
    persons = tuple(persons)
    names = [p.public_name for p in persons if p.named]
    if any(not p.named for p in persons):
        names.append(str(PARTICIPANT))
    return tuple(names)
