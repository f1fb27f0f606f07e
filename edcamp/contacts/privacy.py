"""Consent and erasure: an attendee deleting themselves, an organizer purging an event.

Votes are never deleted: the attendee row stays, emptied and marked ``deleted_at``, so
the board and the schedule keep their counts while nothing personal remains.
"""

from __future__ import annotations

import secrets

from flask_babel import gettext as _
from sqlalchemy import delete, select, update

from edcamp.accounts.service import hash_token
from edcamp.attendees.comeback import send_email_confirmation
from edcamp.attendees.public import public_name
from edcamp.attendees.service import Profile, apply_profile, clean_profile, new_feed_token
from edcamp.connections.erasure import erase_connections
from edcamp.contacts.handles import HANDLE_KINDS
from edcamp.errors import Forbidden, Invalid
from edcamp.extensions import db
from edcamp.learning.reflections import erase_reflections
from edcamp.mail import erasure as mail_erasure
from edcamp.models import (
    Attendee,
    CheckIn,
    Event,
    Facilitator,
    FeedEntry,
    FollowUpSent,
    Organizer,
    Proposal,
    Resource,
    SessionFeedback,
    Star,
    utcnow,
)
from edcamp.proposals.service import touch_led_by

# What an attendee row holds about the person, and its value once erased.
_ERASED = {
    "name": None,
    "given_name": None,
    "family_name": None,
    "email": None,
    "role": "",
    "subjects": [],
    "grade_levels": [],
    "share_contact": False,
    "share_email": False,
    "show_name": False,
    "unavailable_slot_ids": [],  # when someone leaves early says something about them
    **dict.fromkeys(HANDLE_KINDS),
}


def update_profile(attendee: Attendee, profile: Profile) -> None:
    """Save a profile (validate it first with ``clean_profile``): handles, consent, all."""
    before, old_email = public_name(attendee), attendee.email
    apply_profile(attendee, clean_profile(profile))
    if public_name(attendee) != before:
        touch_led_by([attendee.id])
    db.session.flush()
    if attendee.email and attendee.email != old_email:
        send_email_confirmation(attendee)


def _erase_activity(attendee_ids: list[int]) -> None:
    """Remove what links people to sessions and to each other; votes stay as counts."""
    _forget_mail(attendee_ids)
    touch_led_by(attendee_ids)
    erase_reflections(attendee_ids)  # what they learned and their evidence links
    erase_connections(attendee_ids)
    for table in (CheckIn, Star, Facilitator, FeedEntry, SessionFeedback):
        db.session.execute(delete(table).where(table.attendee_id.in_(attendee_ids)))
    # Their proposals stay on the board and the grid, but no longer say who proposed them.
    db.session.execute(
        update(Proposal).where(Proposal.proposer_id.in_(attendee_ids)).values(proposer_id=None)
    )


def _forget_mail(attendee_ids: list[int]) -> None:
    """Before their addresses go: mail waiting to reach them, or naming them, is dropped
    (a follow-up mail so dropped goes out again, without them, on the next send)."""
    rows = db.session.execute(
        select(Attendee.event_id, Attendee.email, Attendee.name).where(
            Attendee.id.in_(attendee_ids)
        )
    ).all()
    for event_id in {row.event_id for row in rows}:
        people = [(row.email, row.name) for row in rows if row.event_id == event_id]
        unsent = mail_erasure.unsent_mail_about(event_id, people)
        if unsent:
            db.session.execute(delete(FollowUpSent).where(FollowUpSent.mail_id.in_(unsent)))
            mail_erasure.drop(unsent)


def delete_attendee(attendee: Attendee) -> None:
    """The attendee's own "delete me": personal data and their posts go, votes stay."""
    if attendee.deleted_at is not None:
        return
    _erase_activity([attendee.id])
    db.session.execute(delete(Resource).where(Resource.attendee_id == attendee.id))
    for name, value in _ERASED.items():
        setattr(attendee, name, list(value) if isinstance(value, list) else value)
    # Both tokens die: a copied link or an old phone can no longer act or read.
    attendee.token_hash = hash_token(secrets.token_urlsafe(32))
    attendee.feed_token = new_feed_token()
    attendee.deleted_at = utcnow()
    db.session.flush()


def purge_event(event: Event, *, by: Organizer, confirm: str) -> int:
    """Erase every attendee's personal data in one action; returns how many were erased.

    ``confirm`` must repeat the event's short name. Resource-wall links stay, without
    their authors; votes stay as counts.
    """
    if not event.is_organizer(by):
        raise Forbidden(_("Only this event's organizers may purge its personal data."))
    if (confirm or "").strip() != event.slug:
        raise Invalid(
            _("Type the event's short name (%(slug)s) to confirm the purge.", slug=event.slug),
            field="confirm",
        )
    ids = list(
        db.session.scalars(
            select(Attendee.id).where(Attendee.event_id == event.id, Attendee.deleted_at.is_(None))
        )
    )
    now = utcnow()
    if ids:
        _erase_activity(ids)
        db.session.execute(
            update(Resource).where(Resource.event_id == event.id).values(attendee_id=None)
        )
        for attendee_id in ids:  # per row: each needs its own fresh, unique token hashes
            db.session.execute(
                update(Attendee)
                .where(Attendee.id == attendee_id)
                .values(
                    **_ERASED,
                    token_hash=hash_token(secrets.token_urlsafe(32)),
                    feed_token=new_feed_token(),
                    deleted_at=now,
                )
            )
    event.purged_at = now
    db.session.flush()
    db.session.expire_all()
    return len(ids)
