"""Attendees who come back: on another device, after clearing the browser, after the day.

An attendee's identity lives in one phone's cookie; these links carry it elsewhere:
- "Continue on another device": a link (and QR code) made on the phone, 10 minutes, once.
- "Send me my link": a single-use sign-in link mailed to the attendee's confirmed address.
- An address is confirmed by a mailed link before any other mail goes to it; opening that
  link also signs the attendee in.
- "Sign out my other devices" rotates the attendee token: the old token, every other
  device and every unused link stop working at once.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from edcamp.accounts import links
from edcamp.accounts.service import hash_token, normalise_email
from edcamp.attendees.service import new_attendee_token
from edcamp.errors import Invalid
from edcamp.extensions import db
from edcamp.i18n import in_language, language_of
from edcamp.mail import link, queue_mail
from edcamp.models import Attendee, Event, OutboxMail, utcnow

SIGN_IN_PURPOSES = (
    links.ATTENDEE_SIGN_IN,
    links.ATTENDEE_DEVICE,
    links.CONFIRM_ATTENDEE,
    links.ATTENDEE_FOLLOW_UP,
)
MAILS_PER_HOUR = 3  # sign-in or confirmation mails to one attendee
LINK_REQUESTS = "10 per 15 minutes"  # asks for a link, per client address


def mail_attendee(attendee: Attendee, subject: str, text: str, **options) -> OutboxMail | None:
    """The one way to mail an attendee: only to a confirmed address, never with it shown
    to organizers. Returns None when there is nowhere to send it."""
    if not attendee.email or attendee.email_confirmed_at is None or attendee.deleted_at:
        return None
    options.setdefault("to_label", "an attendee")
    return queue_mail(attendee.email, subject, text, event=attendee.event, **options)


def send_email_confirmation(attendee: Attendee) -> None:
    """Mail a link that confirms the attendee's (new) address and signs them in."""
    if not attendee.email:
        return
    event = attendee.event
    links.void_links(links.CONFIRM_ATTENDEE, attendee=attendee)
    token = links.create_link(links.CONFIRM_ATTENDEE, attendee=attendee, email=attendee.email)
    with in_language(language_of(attendee, event)):
        subject = _("Confirm your email for %(event)s", event=event.name)
        text = "\n\n".join(
            (
                _("Hello %(name)s,", name=attendee.name),
                _(
                    "You gave this address at %(event)s. Open this link to confirm it; it "
                    "also opens your page of the event on the device you open it on:",
                    event=event.name,
                ),
                link("comeback.sign_in", slug=event.slug, token=token),
                _(
                    "Until you confirm, we send nothing else to this address. If this was "
                    "not you, ignore this mail."
                ),
            )
        )
    queue_mail(
        attendee.email,
        subject,
        text,
        kind="confirm_attendee",
        event=event,
        to_label="an attendee",
        personal=True,
    )


def send_sign_in_link(event: Event, email: str) -> None:
    """ "Already joined? Send me my link." Mails the attendee of ``event`` with this address a
    single-use sign-in link (or, while the address is unconfirmed, its confirmation link,
    which signs in too). Does nothing, silently, for any other address."""
    try:
        email = normalise_email(email)
    except Invalid:
        return
    attendee = db.session.scalar(
        select(Attendee)
        .where(
            Attendee.event_id == event.id, Attendee.email == email, Attendee.deleted_at.is_(None)
        )
        .order_by(Attendee.email_confirmed_at.is_(None), Attendee.id.desc())
        .limit(1)
    )
    if attendee is None or _too_many_mails(attendee):
        return
    if attendee.email_confirmed_at is None:
        send_email_confirmation(attendee)
        return
    token = links.create_link(links.ATTENDEE_SIGN_IN, attendee=attendee)
    with in_language(language_of(attendee, event)):
        subject = _("Your link to %(event)s", event=event.name)
        text = "\n\n".join(
            (
                _("Hello %(name)s,", name=attendee.name),
                _(
                    "Open this link to continue at %(event)s on this device, with your "
                    "votes, sessions and contacts:",
                    event=event.name,
                ),
                link("comeback.sign_in", slug=event.slug, token=token),
                _("It works once, for one hour. If you did not ask for it, ignore this mail."),
            )
        )
    queue_mail(
        attendee.email,
        subject,
        text,
        kind="attendee_sign_in",
        event=event,
        to_label="an attendee",
        personal=True,
    )


def _too_many_mails(attendee: Attendee) -> bool:
    hour = timedelta(hours=1)
    sent = sum(
        links.recent_links(purpose, attendee=attendee, within=hour)
        for purpose in (links.ATTENDEE_SIGN_IN, links.CONFIRM_ATTENDEE)
    )
    return sent >= MAILS_PER_HOUR


def device_link(attendee: Attendee) -> str:
    """A fresh 10-minute, single-use link that opens this attendee on another device."""
    links.void_links(links.ATTENDEE_DEVICE, attendee=attendee)
    token = links.create_link(links.ATTENDEE_DEVICE, attendee=attendee)
    return link("comeback.sign_in", slug=attendee.event.slug, token=token)


def follow_up_link(attendee: Attendee) -> str:
    """A single-use sign-in link for a mail read days after the event (14 days)."""
    token = links.create_link(links.ATTENDEE_FOLLOW_UP, attendee=attendee)
    return link("comeback.sign_in", slug=attendee.event.slug, token=token)


def rotate_token(attendee: Attendee) -> str:
    """A new attendee token, returned once (only its hash is kept). When this commits, the
    old token, every device's sign-in made with it (``attendees.session``) and every
    sign-in link not used yet stop working, on every worker: nothing caches them. The
    caller's own phone is signed in again by its view."""
    token = new_attendee_token()
    attendee.token_hash = hash_token(token)
    attendee.token_rotated_at = utcnow()
    for purpose in SIGN_IN_PURPOSES:
        links.void_links(purpose, attendee=attendee)
    return token


def peek_sign_in(event: Event, token: str) -> Attendee:
    return _attendee_of(event, links.peek_link(token, SIGN_IN_PURPOSES))


def sign_in(event: Event, token: str) -> Attendee:
    """Use a sign-in link; a confirmation link confirms the address it was mailed to."""
    used = links.redeem_link(token, SIGN_IN_PURPOSES)
    attendee = _attendee_of(event, used)
    if used.purpose == links.CONFIRM_ATTENDEE:
        if used.email != attendee.email:
            raise links.LinkExpired(_("This link confirms an address you have changed since."))
        attendee.email_confirmed_at = attendee.email_confirmed_at or utcnow()
    return attendee


def _attendee_of(event: Event, used) -> Attendee:
    attendee = db.session.get(Attendee, used.attendee_id) if used.attendee_id else None
    if attendee is None or attendee.event_id != event.id or attendee.deleted_at is not None:
        raise links.LinkExpired(_("This link is not for this event, or the attendee left it."))
    return attendee
