"""Organizer accounts: creation, password checks and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import delete, select
from werkzeug.security import check_password_hash, generate_password_hash

from edcamp.errors import Conflict, Invalid, NotFound
from edcamp.extensions import db
from edcamp.models import ApiToken, Organizer, utcnow

MIN_PASSWORD_LENGTH = 10
ORGANIZER_TOKEN_PREFIX = "org_"
TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 365
# Checked against when the email is unknown, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise Invalid(
            _("That email address is not valid: %(reason)s", reason=str(error)), field="email"
        ) from error


def find_organizer(email: str) -> Organizer | None:
    return db.session.scalar(select(Organizer).where(Organizer.email == email.strip().lower()))


def check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise Invalid(
            ngettext(
                "The password must be at least %(num)d character.",
                "The password must be at least %(num)d characters.",
                MIN_PASSWORD_LENGTH,
            ),
            field="password",
        )
    if len(password) > 200:
        raise Invalid(
            ngettext(
                "The password must be at most %(num)d character.",
                "The password must be at most %(num)d characters.",
                200,
            ),
            field="password",
        )
    return password


def clean_display_name(name: str) -> str:
    """One line of printable text: it is shown on public pages."""
    cleaned = " ".join("".join(c for c in (name or "") if c.isprintable()).split())
    if len(cleaned) > 120:
        raise Invalid(
            ngettext(
                "A name is at most %(num)d character.", "A name is at most %(num)d characters.", 120
            ),
            field="name",
        )
    return cleaned


def create_organizer(
    email: str, password: str, *, name: str = "", confirmed: bool = True
) -> Organizer:
    """A new account. ``confirmed``: the address is known to be theirs (the CLI, an
    accepted invitation); web sign-ups confirm it by a mailed link first."""
    email = normalise_email(email)
    check_password(password)
    if find_organizer(email) is not None:
        raise Conflict(_("An organizer with that email exists already."), code="organizer_exists")
    organizer = Organizer(
        email=email,
        name=clean_display_name(name),
        password_hash=generate_password_hash(password),
        email_confirmed_at=utcnow() if confirmed else None,
    )
    db.session.add(organizer)
    db.session.flush()
    return organizer


def authenticate(email: str, password: str) -> Organizer | None:
    organizer = find_organizer(email or "")
    if organizer is None:
        check_password_hash(_DUMMY_HASH, password or "")
        return None
    if not check_password_hash(organizer.password_hash, password or ""):
        return None
    return organizer


def issue_token(organizer: Organizer, *, name: str = "", days: int = TOKEN_DAYS) -> str:
    """A new API token that expires after ``days``; only its hash is kept."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_TOKEN_DAYS:
        raise Invalid(
            ngettext(
                "A token lasts from 1 to %(num)d day.",
                "A token lasts from 1 to %(num)d days.",
                MAX_TOKEN_DAYS,
            ),
            field="expires_in_days",
        )
    token = ORGANIZER_TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(
        ApiToken(
            organizer=organizer,
            token_hash=hash_token(token),
            name=clean_display_name(name)[:80],
            expires_at=utcnow() + timedelta(days=days),
        )
    )
    db.session.flush()
    return token


def token_row(token: str) -> ApiToken | None:
    """The live (unexpired) token row for a bearer token, or None."""
    if not token.startswith(ORGANIZER_TOKEN_PREFIX):
        return None
    api_token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if api_token is None or api_token.expires_at <= utcnow():
        return None
    return api_token


def organizer_for_token(token: str) -> Organizer | None:
    api_token = token_row(token)
    if api_token is None:
        return None
    now = utcnow()
    # One write a minute at most: a script's every call need not update the row.
    if api_token.last_used_at is None or now - api_token.last_used_at > timedelta(minutes=1):
        api_token.last_used_at = now
    return api_token.organizer


def list_tokens(organizer: Organizer) -> list[ApiToken]:
    return list(
        db.session.scalars(
            select(ApiToken)
            .where(ApiToken.organizer_id == organizer.id, ApiToken.expires_at > utcnow())
            .order_by(ApiToken.created_at.desc())
        )
    )


def revoke_token(organizer: Organizer, token_id: int) -> None:
    row = db.session.get(ApiToken, token_id)
    if row is None or row.organizer_id != organizer.id:
        raise NotFound(_("You have no API token with that id."))
    db.session.delete(row)


def revoke_all_tokens(organizer: Organizer) -> int:
    return db.session.execute(
        delete(ApiToken).where(ApiToken.organizer_id == organizer.id)
    ).rowcount
