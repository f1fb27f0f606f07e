"""Organizer accounts: creation, password checks and API tokens."""

from __future__ import annotations

import hashlib
import secrets

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from edcamp.errors import Conflict, Invalid
from edcamp.extensions import db
from edcamp.models import ApiToken, Organizer, utcnow

MIN_PASSWORD_LENGTH = 10
ORGANIZER_TOKEN_PREFIX = "org_"
# Checked against when the email is unknown, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_email(email: str) -> str:
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise Invalid(f"That email address is not valid: {error}", field="email") from error


def find_organizer(email: str) -> Organizer | None:
    return db.session.scalar(select(Organizer).where(Organizer.email == email.strip().lower()))


def create_organizer(email: str, password: str, *, name: str = "") -> Organizer:
    email = normalise_email(email)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(
            f"The password must be at least {MIN_PASSWORD_LENGTH} characters.", field="password"
        )
    if find_organizer(email) is not None:
        raise Conflict("An organizer with that email exists already.", code="organizer_exists")
    organizer = Organizer(
        email=email, name=name.strip()[:120], password_hash=generate_password_hash(password)
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


def issue_token(organizer: Organizer) -> str:
    token = ORGANIZER_TOKEN_PREFIX + secrets.token_urlsafe(32)
    db.session.add(ApiToken(organizer=organizer, token_hash=hash_token(token)))
    db.session.flush()
    return token


def organizer_for_token(token: str) -> Organizer | None:
    if not token.startswith(ORGANIZER_TOKEN_PREFIX):
        return None
    api_token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if api_token is None:
        return None
    api_token.last_used_at = utcnow()
    return api_token.organizer
