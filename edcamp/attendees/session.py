"""Remembering which attendee this phone is, per event, in the signed session cookie.

A claim names the attendee by id and by the hash of their attendee token (the key a bearer
token resolves to; the hash is not the token, so it opens nothing by itself). Rotating the
token gives a new hash: every claim made before, on any device, stops matching at once, on
every worker, with no cache to clear. The phone that rotated is given the new claim.
"""

from __future__ import annotations

import hmac

from flask import session

from edcamp.extensions import db
from edcamp.models import Attendee, Event

_KEY = "attendees"


def remember_attendee(attendee: Attendee) -> None:
    known = dict(session.get(_KEY, {}))
    known[str(attendee.event_id)] = [attendee.id, attendee.token_hash]
    session[_KEY] = known
    session.permanent = True


def forget_attendee(event: Event) -> None:
    known = dict(session.get(_KEY, {}))
    known.pop(str(event.id), None)
    session[_KEY] = known


def _claims() -> dict[int, tuple[int, str | None]]:
    """event id -> (attendee id, token hash); the hash is None in a claim made before
    claims carried it (upgraded on its next check)."""
    claims: dict[int, tuple[int, str | None]] = {}
    for event_id, claim in session.get(_KEY, {}).items():
        if not event_id.isdigit():
            continue
        if isinstance(claim, int) and not isinstance(claim, bool):
            claims[int(event_id)] = (claim, None)
        elif (
            isinstance(claim, list)
            and len(claim) == 2
            and isinstance(claim[0], int)
            and isinstance(claim[1], str)
        ):
            claims[int(event_id)] = (claim[0], claim[1])
    return claims


def session_attendee_ids() -> dict[int, int]:
    """The attendee this phone joined each event as (event id -> attendee id), unchecked
    against the database (an attendee may have been deleted, or the token rotated, since)."""
    return {event_id: claim[0] for event_id, claim in _claims().items()}


def session_token_hashes() -> dict[int, str]:
    """event id -> the token hash the claim was made with: a vote names its voter by it, so
    a claim from before a rotation votes as nobody."""
    return {event_id: claim[1] for event_id, claim in _claims().items() if claim[1]}


def session_attendee_id(event_id: int) -> int | None:
    """The attendee this phone joined ``event_id`` as, unchecked against the database."""
    return session_attendee_ids().get(event_id)


def session_attendee(event: Event) -> Attendee | None:
    """The attendee this phone is for ``event``, checked: still there, and the claim made
    with their current token (a rotation signs every other device out)."""
    claim = _claims().get(event.id)
    if claim is None:
        return None
    attendee_id, token_hash = claim
    attendee = db.session.get(Attendee, attendee_id)
    if attendee is None or attendee.event_id != event.id or attendee.deleted_at is not None:
        return None
    if token_hash is None:
        # A claim from before claims carried the hash: good until the token's first
        # rotation (it cannot say which token it was made with), then upgraded.
        if attendee.token_rotated_at is not None:
            forget_attendee(event)
            return None
        remember_attendee(attendee)
    elif not hmac.compare_digest(token_hash, attendee.token_hash):
        forget_attendee(event)
        return None
    return attendee
