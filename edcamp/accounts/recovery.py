"""Sign-up, address confirmation, password reset and change: the mailed account flows.

Answers never tell whether an address has an account: sign-up and reset look the same
either way, and what differs goes to the address's owner by mail.
"""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from werkzeug.security import generate_password_hash

from edcamp.accounts import links, sessions
from edcamp.accounts.service import (
    check_password,
    clean_display_name,
    create_organizer,
    find_organizer,
    normalise_email,
    revoke_all_tokens,
)
from edcamp.errors import Forbidden, Invalid
from edcamp.i18n import in_language, language_of
from edcamp.mail import link, queue_mail
from edcamp.models import Organizer, utcnow


def signup_policy() -> str:
    return current_app.config["EDCAMP_SIGNUP"]


def sign_up(email: str, password: str, name: str) -> Organizer | None:
    """Open sign-up: a new, unconfirmed account and a mailed confirmation link. For an
    address that has an account already, its owner gets a mail saying so instead."""
    if signup_policy() != "open":
        raise Forbidden(
            _("New organizer accounts are by invitation only on this server."),
            code="signup_closed",
        )
    email = normalise_email(email)
    check_password(password)
    name = clean_display_name(name)
    if not name:
        raise Invalid(_("Please tell us your name (co-organizers see it)."), field="name")
    existing = find_organizer(email)
    if existing is not None:
        with in_language(language_of(existing)):
            subject = _("You already have an edcamp account")
            text = "\n\n".join(
                (
                    _(
                        "Someone (maybe you) tried to create an edcamp account with this "
                        "address, but it has one already."
                    ),
                    _("Sign in: %(url)s", url=link("accounts.login")),
                    _("Forgot your password? %(url)s", url=link("account.password_reset")),
                    _("If it was not you, you can ignore this mail."),
                )
            )
        queue_mail(
            email,
            subject,
            text,
            kind="signup_existing",
            organizer=existing,
        )
        return None
    organizer = create_organizer(email, password, name=name, confirmed=False)
    send_confirmation(organizer)
    return organizer


def send_confirmation(organizer: Organizer) -> None:
    links.void_links(links.CONFIRM_ORGANIZER, organizer=organizer)
    token = links.create_link(links.CONFIRM_ORGANIZER, organizer=organizer, email=organizer.email)
    with in_language(language_of(organizer)):
        subject = _("Confirm your edcamp account")
        text = "\n\n".join(
            (
                _("Hello %(name)s,", name=organizer.name) if organizer.name else _("Hello there,"),
                _("Open this link to confirm your address and start organizing with edcamp:"),
                link("account.confirm", token=token),
                _("The link works once, for 3 days. If you did not sign up, ignore this mail."),
            )
        )
    queue_mail(
        organizer.email,
        subject,
        text,
        kind="confirm_organizer",
        organizer=organizer,
        personal=True,
    )


def confirm_email(token: str) -> Organizer:
    used = links.redeem_link(token, links.CONFIRM_ORGANIZER)
    organizer = used.organizer_id and _organizer(used.organizer_id)
    if organizer is None or organizer.email != used.email:
        raise links.LinkExpired(_("This link is for an address the account no longer has."))
    organizer.email_confirmed_at = organizer.email_confirmed_at or utcnow()
    return organizer


def request_password_reset(email: str) -> None:
    """Mail a single-use reset link (1 hour) when the address has an account; else nothing."""
    try:
        organizer = find_organizer(normalise_email(email))
    except Invalid:
        return
    if organizer is None:
        return
    token = links.create_link(links.PASSWORD_RESET, organizer=organizer)
    with in_language(language_of(organizer)):
        subject = _("Reset your edcamp password")
        text = "\n\n".join(
            (
                _("Someone (maybe you) asked to reset the password of your edcamp account."),
                _(
                    "Choose a new password: %(url)s",
                    url=link("account.reset_password", token=token),
                ),
                _(
                    "The link works once, for one hour. If you did not ask, ignore this mail: "
                    "your password stays as it is."
                ),
            )
        )
    queue_mail(
        organizer.email,
        subject,
        text,
        kind="password_reset",
        organizer=organizer,
        personal=True,
    )


def reset_password(token: str, new_password: str) -> Organizer:
    """Use a reset link: new password, every session and API token ended."""
    check_password(new_password)
    used = links.redeem_link(token, links.PASSWORD_RESET)
    organizer = _organizer(used.organizer_id)
    if organizer is None:
        raise links.LinkExpired(_("This account no longer exists."))
    _set_password(organizer, new_password, keep_this_session=False)
    # Only the owner of the address could open the link: it is confirmed now.
    organizer.email_confirmed_at = organizer.email_confirmed_at or utcnow()
    return organizer


def change_password(organizer: Organizer, current: str, new_password: str) -> None:
    from werkzeug.security import check_password_hash

    if not check_password_hash(organizer.password_hash, current or ""):
        raise Invalid(_("That is not your current password."), field="current_password")
    check_password(new_password)
    _set_password(organizer, new_password, keep_this_session=True)


def _set_password(organizer: Organizer, password: str, *, keep_this_session: bool) -> None:
    organizer.password_hash = generate_password_hash(password)
    if keep_this_session:
        sessions.end_other_sessions(organizer)
    else:
        sessions.end_all_sessions(organizer)
    revoke_all_tokens(organizer)
    links.void_links(links.PASSWORD_RESET, organizer=organizer)
    with in_language(language_of(organizer)):
        subject = _("Your edcamp password was changed")
        text = "\n\n".join(
            (
                _(
                    "The password of your edcamp account was just changed. Every other "
                    "signed-in browser was signed out and every API token was revoked."
                ),
                _("If it was not you, reset it now: %(url)s", url=link("account.password_reset")),
            )
        )
    queue_mail(
        organizer.email,
        subject,
        text,
        kind="password_changed",
        organizer=organizer,
    )


def rename(organizer: Organizer, name: str) -> None:
    name = clean_display_name(name)
    if not name:
        raise Invalid(_("Your name cannot be empty."), field="name")
    organizer.name = name


def _organizer(organizer_id: int | None) -> Organizer | None:
    from edcamp.extensions import db

    return db.session.get(Organizer, organizer_id) if organizer_id else None
