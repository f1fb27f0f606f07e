"""One-click unsubscribe (RFC 8058): a signed token names the address and the list."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from edcamp.errors import NotFound
from edcamp.extensions import db
from edcamp.models import MailOptOut

ALL = "all"
_SALT = "edcamp.mail.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def make_token(email: str, list_id: str) -> str:
    # Signed, not stored: the link keeps working for as long as the mail is kept, and
    # nobody can unsubscribe an address they did not receive a mail at.
    return _serializer().dumps([email.lower(), list_id])


def read_token(token: str) -> tuple[str, str]:
    try:
        email, list_id = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError) as error:
        raise NotFound(_("This unsubscribe link is not valid."), code="bad_unsubscribe") from error
    return str(email), str(list_id)


def opt_out(token: str) -> tuple[str, str]:
    """Record the opt-out the token names; repeating it is a no-op."""
    email, list_id = read_token(token)
    exists = db.session.scalar(
        select(MailOptOut.id).where(MailOptOut.email == email, MailOptOut.list_id == list_id)
    )
    if exists is None:
        db.session.add(MailOptOut(email=email, list_id=list_id))
        db.session.flush()
    return email, list_id
