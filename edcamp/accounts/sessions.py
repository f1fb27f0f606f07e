"""Organizers' browser sessions, held on the server.

The signed session cookie carries a random session key; the key's row in
``organizer_sessions`` is what makes the cookie valid. Signing out deletes the row, so a copy
of the cookie made before stops working; changing the password deletes every other row.

Remember-me is a cookie of its own, ``selector.validator``: it restores a session when the
browser lost its session cookie, and its validator is replaced each time it does (a stolen
copy works at most once, and then the owner's use of the old one revokes the session).
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from flask import Response, g, request, session
from flask_login import login_user
from sqlalchemy import delete, select

from edcamp.accounts.service import hash_token
from edcamp.extensions import db
from edcamp.models import Organizer, OrganizerSession, utcnow

SESSION_KEY = "organizer_session"
REMEMBER_COOKIE = "edcamp_remember"
REMEMBER_FOR = timedelta(days=30)
_SET_COOKIE = "edcamp.remember_cookie"  # g: value to set (str) or "" to delete


def start_session(organizer: Organizer, *, remember: bool = False) -> OrganizerSession:
    """Sign ``organizer`` in on this browser: a new server-side session (replacing the one
    this browser had, whoever it was for)."""
    old_key = session.get(SESSION_KEY)
    if isinstance(old_key, str):
        db.session.execute(
            delete(OrganizerSession).where(OrganizerSession.key_hash == hash_token(old_key))
        )
    key = secrets.token_urlsafe(32)
    row = OrganizerSession(
        organizer_id=organizer.id,
        key_hash=hash_token(key),
        user_agent=request.headers.get("User-Agent", "")[:200],
    )
    db.session.add(row)
    if remember:
        _set_remember(row)
    db.session.flush()
    session[SESSION_KEY] = key
    login_user(organizer, remember=False)  # Flask-Login's own cookie is deterministic: unused
    return row


def current_session_row(organizer_id: int) -> OrganizerSession | None:
    key = session.get(SESSION_KEY)
    if not isinstance(key, str):
        return None
    return db.session.scalar(
        select(OrganizerSession).where(
            OrganizerSession.key_hash == hash_token(key),
            OrganizerSession.organizer_id == organizer_id,
        )
    )


def load_organizer(organizer_id: str) -> Organizer | None:
    """Flask-Login's user loader: the organizer, only while their session row exists."""
    if not organizer_id.isdigit():
        return None
    row = current_session_row(int(organizer_id))
    return row.organizer if row is not None else None


def load_from_remember_cookie(_request) -> Organizer | None:
    """Flask-Login's request loader: a remember-me cookie opens a session, and is rotated."""
    selector, _, validator = request.cookies.get(REMEMBER_COOKIE, "").partition(".")
    if not selector or not validator:
        return None
    row = db.session.scalar(
        select(OrganizerSession).where(OrganizerSession.remember_selector == selector)
    )
    if row is None or row.remember_expires_at is None or row.remember_expires_at <= utcnow():
        g.setdefault(_SET_COOKIE, "")
        return None
    if not hmac.compare_digest(row.remember_hash or "", hash_token(validator)):
        # An old validator: someone used a copy of this cookie. End that session everywhere.
        db.session.delete(row)
        db.session.commit()
        g.setdefault(_SET_COOKIE, "")
        return None
    key = secrets.token_urlsafe(32)
    row.key_hash = hash_token(key)
    row.last_seen_at = utcnow()
    _set_remember(row)
    db.session.commit()
    session[SESSION_KEY] = key
    session["_user_id"] = str(row.organizer_id)
    session["_fresh"] = False
    return row.organizer


def _set_remember(row: OrganizerSession) -> None:
    validator = secrets.token_urlsafe(32)
    row.remember_selector = row.remember_selector or secrets.token_hex(16)
    row.remember_hash = hash_token(validator)
    row.remember_expires_at = utcnow() + REMEMBER_FOR
    setattr(g, _SET_COOKIE, f"{row.remember_selector}.{validator}")


def end_session(organizer_id: int | None) -> None:
    """Sign this browser out: its session row goes, so no copy of its cookies works."""
    if organizer_id is not None:
        row = current_session_row(organizer_id)
        if row is not None:
            db.session.delete(row)
    session.pop(SESSION_KEY, None)
    setattr(g, _SET_COOKIE, "")


def end_other_sessions(organizer: Organizer) -> int:
    """Every session of ``organizer`` but this browser's ends (after a password change)."""
    keep = current_session_row(organizer.id)
    query = delete(OrganizerSession).where(OrganizerSession.organizer_id == organizer.id)
    if keep is not None:
        query = query.where(OrganizerSession.id != keep.id)
    return db.session.execute(query).rowcount


def end_all_sessions(organizer: Organizer) -> int:
    return db.session.execute(
        delete(OrganizerSession).where(OrganizerSession.organizer_id == organizer.id)
    ).rowcount


def list_sessions(organizer: Organizer) -> list[OrganizerSession]:
    return list(
        db.session.scalars(
            select(OrganizerSession)
            .where(OrganizerSession.organizer_id == organizer.id)
            .order_by(OrganizerSession.last_seen_at.desc())
        )
    )


def forget_request_state() -> None:
    """Each request decides anew who is signed in. ``g`` lives as long as the app context,
    which a request shares with an outer one (a test's, a CLI command's): without this, a
    user loaded by an earlier request would still count after their session ended."""
    g.pop("_login_user", None)
    g.pop(_SET_COOKIE, None)


def write_remember_cookie(response: Response) -> Response:
    """after_request: set or delete the remember-me cookie when this request changed it."""
    value = g.get(_SET_COOKIE)
    if value is None:
        return response
    from flask import current_app

    secure = bool(current_app.config.get("REMEMBER_COOKIE_SECURE"))
    if value:
        response.set_cookie(
            REMEMBER_COOKIE,
            value,
            max_age=int(REMEMBER_FOR.total_seconds()),
            httponly=True,
            samesite="Lax",
            secure=secure,
        )
    else:
        response.delete_cookie(REMEMBER_COOKIE, httponly=True, samesite="Lax", secure=secure)
    return response
