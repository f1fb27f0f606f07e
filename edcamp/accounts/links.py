"""Single-use links that expire: password resets, address confirmations, attendee sign-ins.

Redeeming is one conditional UPDATE, so two clicks (or two workers) cannot both use a link.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select, update

from edcamp.errors import DomainError
from edcamp.extensions import db
from edcamp.models import Attendee, OneTimeLink, Organizer, utcnow

PASSWORD_RESET = "password_reset"
CONFIRM_ORGANIZER = "confirm_organizer"
CONFIRM_ATTENDEE = "confirm_attendee"
ATTENDEE_SIGN_IN = "attendee_sign_in"  # mailed: "send me my link"
ATTENDEE_DEVICE = "attendee_device"  # shown: "continue on another device"
ATTENDEE_FOLLOW_UP = "attendee_follow_up"  # in the follow-up mail: read days later

LIFETIMES = {
    PASSWORD_RESET: timedelta(hours=1),
    CONFIRM_ORGANIZER: timedelta(days=3),
    CONFIRM_ATTENDEE: timedelta(days=3),
    ATTENDEE_SIGN_IN: timedelta(hours=1),
    ATTENDEE_DEVICE: timedelta(minutes=10),
    ATTENDEE_FOLLOW_UP: timedelta(days=14),
}


class LinkExpired(DomainError):
    status = 410
    code = "link_expired"


def hash_link(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


def create_link(
    purpose: str,
    *,
    organizer: Organizer | None = None,
    attendee: Attendee | None = None,
    email: str | None = None,
) -> str:
    """A new link's secret, to put in a URL; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        OneTimeLink(
            purpose=purpose,
            token_hash=hash_link(token),
            organizer_id=organizer.id if organizer is not None else None,
            attendee_id=attendee.id if attendee is not None else None,
            email=email,
            expires_at=utcnow() + LIFETIMES[purpose],
        )
    )
    return token


def peek_link(token: str, purpose: str | tuple[str, ...]) -> OneTimeLink:
    """The link, if it can still be used (to show its page before the click that uses it)."""
    purposes = (purpose,) if isinstance(purpose, str) else purpose
    link = db.session.scalar(
        select(OneTimeLink).where(
            OneTimeLink.token_hash == hash_link(token or ""), OneTimeLink.purpose.in_(purposes)
        )
    )
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        raise LinkExpired(
            _("This link has expired or was used already. Ask for a new one."), code="link_expired"
        )
    return link


def redeem_link(token: str, purpose: str | tuple[str, ...]) -> OneTimeLink:
    """Use the link: it works once. Raises LinkExpired when used, expired or unknown."""
    link = peek_link(token, purpose)
    used = db.session.execute(
        update(OneTimeLink)
        .where(OneTimeLink.id == link.id, OneTimeLink.used_at.is_(None))
        .values(used_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    if used.rowcount != 1:  # another request used it a moment ago
        raise LinkExpired(_("This link was used already. Ask for a new one."))
    return link


def recent_links(purpose: str, *, attendee: Attendee, within: timedelta) -> int:
    """How many links of this purpose were made for the attendee lately (to throttle mail)."""
    from sqlalchemy import func

    return db.session.scalar(
        select(func.count(OneTimeLink.id)).where(
            OneTimeLink.purpose == purpose,
            OneTimeLink.attendee_id == attendee.id,
            OneTimeLink.created_at > utcnow() - within,
        )
    )


def void_links(
    purpose: str, *, organizer: Organizer | None = None, attendee: Attendee | None = None
) -> None:
    """Spend every open link of this purpose for this person (a newer one replaces them)."""
    query = update(OneTimeLink).where(OneTimeLink.purpose == purpose, OneTimeLink.used_at.is_(None))
    if organizer is not None:
        query = query.where(OneTimeLink.organizer_id == organizer.id)
    if attendee is not None:
        query = query.where(OneTimeLink.attendee_id == attendee.id)
    db.session.execute(
        query.values(used_at=utcnow()), execution_options={"synchronize_session": False}
    )
