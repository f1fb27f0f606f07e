"""Co-organizers: invitations by mail, accepting them, removal and leaving.

Nothing here tells an inviter whether an address has an account: an invitation is the
same mail and the same answer either way, and an account is made when it is accepted.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from edcamp.accounts.links import LinkExpired, hash_link
from edcamp.accounts.service import create_organizer, normalise_email
from edcamp.errors import Conflict, Forbidden, NotFound
from edcamp.events.service import lock_event
from edcamp.extensions import db
from edcamp.formatting import day_date
from edcamp.i18n import in_language
from edcamp.mail import link, queue_mail
from edcamp.models import Event, Organizer, OrganizerInvitation, utcnow

INVITATION_LIFETIME = timedelta(days=14)
INVITATIONS_LIST = "invitations"  # the unsubscribe list of every invitation mail


def pending_invitations(event: Event) -> list[OrganizerInvitation]:
    query = select(OrganizerInvitation).where(
        OrganizerInvitation.event_id == event.id,
        OrganizerInvitation.accepted_at.is_(None),
        OrganizerInvitation.revoked_at.is_(None),
    )
    return list(db.session.scalars(query.order_by(OrganizerInvitation.created_at)))


def invite(event: Event, email: str, *, by: Organizer) -> OrganizerInvitation:
    """Mail an invitation to co-organize ``event``; inviting the same address again while
    one is pending sends that one again, with a fresh link."""
    email = normalise_email(email)
    lock_event(event)
    if any(o.email == email for o in event.organizers):
        raise Conflict(_("They co-organize this event already."), code="already_organizer")
    invitation = next((i for i in pending_invitations(event) if i.email == email), None)
    if invitation is None:
        invitation = OrganizerInvitation(event_id=event.id, email=email, token_hash="")
        db.session.add(invitation)
    invitation.invited_by = by
    _send(invitation, event, by)
    return invitation


def resend(invitation: OrganizerInvitation, *, by: Organizer) -> None:
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise Conflict(
            _("That invitation was accepted or revoked already."), code="invitation_closed"
        )
    _send(invitation, invitation.event, by)


def revoke(invitation: OrganizerInvitation) -> None:
    if invitation.accepted_at is not None:
        raise Conflict(_("That invitation was accepted already."), code="invitation_closed")
    invitation.revoked_at = invitation.revoked_at or utcnow()


def _send(invitation: OrganizerInvitation, event: Event, by: Organizer) -> None:
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_link(token)  # a resent link replaces the old one
    invitation.sent_at = utcnow()
    invitation.expires_at = utcnow() + INVITATION_LIFETIME
    db.session.flush()
    # In the event's language, never the language of an account the address may have: the
    # co-organizers read this mail in the event's outbox, and nothing may tell them whether
    # an address has an edcamp account.
    with in_language(event.language):
        subject = _(
            "%(name)s invites you to co-organize %(event)s", name=by.display_name, event=event.name
        )
        body = _(
            "Hello,\n\n%(name)s invites you to co-organize %(event)s (%(date)s) on edcamp, the "
            "app that runs the day: proposals, voting, the schedule and the follow-up.\n\n"
            "Accept the invitation: %(link)s\n\n"
            "The link works for 14 days. If you don't know them, ignore this mail.",
            name=by.display_name,
            event=event.name,
            date=day_date(event.date),
            link=link("organizers.invitation", token=token),
        )
        queue_mail(
            invitation.email,
            subject,
            body,
            kind="invitation",
            event=event,
            list_id=INVITATIONS_LIST,
        )


def get_invitation(event: Event, invitation_id: int) -> OrganizerInvitation:
    invitation = db.session.get(OrganizerInvitation, invitation_id)
    if invitation is None or invitation.event_id != event.id:
        raise NotFound(_("This event has no such invitation."))
    return invitation


def open_invitation(token: str) -> OrganizerInvitation:
    """The pending invitation a link names, or LinkExpired."""
    invitation = db.session.scalar(
        select(OrganizerInvitation).where(OrganizerInvitation.token_hash == hash_link(token or ""))
    )
    if invitation is None or invitation.status != "pending":
        raise LinkExpired(
            _(
                "This invitation has expired, was revoked or was used already. "
                "Ask the organizers to send a new one."
            )
        )
    return invitation


def accept(token: str, organizer: Organizer) -> Event:
    """The signed-in ``organizer`` accepts: they co-organize the event from now on."""
    invitation = open_invitation(token)
    event = lock_event(invitation.event)
    if not event.is_organizer(organizer):
        event.organizers.append(organizer)
    invitation.accepted_at = utcnow()
    if organizer.email == invitation.email and organizer.email_confirmed_at is None:
        organizer.email_confirmed_at = utcnow()  # they opened a link mailed to it
    return event


def accept_with_new_account(token: str, *, name: str, password: str, policy: str) -> Organizer:
    """Accept by creating an account for the invited address (confirmed: the link was
    mailed to it). Under the ``closed`` sign-up policy, only existing accounts may accept."""
    if policy == "closed":
        raise Forbidden(
            _("This server makes no accounts on the web: sign in with an existing one."),
            code="signup_closed",
        )
    invitation = open_invitation(token)
    try:
        organizer = create_organizer(invitation.email, password, name=name, confirmed=True)
    except Conflict as error:
        raise Conflict(
            _("An account with this address exists: sign in to accept."), code="organizer_exists"
        ) from error
    accept(token, organizer)
    return organizer


def remove_organizer(event: Event, organizer_id: int, *, by: Organizer) -> None:
    """Take an organizer off the event (``by`` themselves: leaving). The last one stays."""
    event = lock_event(event)
    if not event.is_organizer(by):
        raise Forbidden(_("Only this event's organizers may do that."))
    member = next((o for o in event.organizers if o.id == organizer_id), None)
    if member is None:
        raise NotFound(_("This event has no such organizer."))
    if len(event.organizers) == 1:
        raise Conflict(
            _("An event needs at least one organizer: invite another before you leave."),
            code="last_organizer",
        )
    event.organizers.remove(member)


def organizer_json(organizer: Organizer) -> dict:
    return {"id": organizer.id, "name": organizer.name, "email": organizer.email}


def invitation_json(invitation: OrganizerInvitation) -> dict:
    return {
        "id": invitation.id,
        "email": invitation.email,
        "status": invitation.status,
        "sent_at": invitation.sent_at.isoformat() + "Z",
        "expires_at": invitation.expires_at.isoformat() + "Z",
    }
