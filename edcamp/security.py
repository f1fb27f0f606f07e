"""Security headers on every response, through Flask-Talisman.

A Content-Security-Policy without inline script (every script is a file under static/),
no framing (frame-ancestors 'none', X-Frame-Options DENY) except for views marked
``frameable`` (the embeddable schedule), X-Content-Type-Options, a Referrer-Policy that
keeps token-bearing paths on this site, and ``Cache-Control: no-store`` on personal pages
and JSON answers. HTTPS is never forced by default: the laptop at the venue serves plain
HTTP. ``FORCE_HTTPS=1`` (behind TLS) redirects to HTTPS; HSTS is sent on HTTPS requests only.
"""

from __future__ import annotations

import re

from flask import Flask, request, session
from flask_login import current_user
from flask_talisman import Talisman

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
FRAMEABLE_CSP = {**CSP, "frame-ancestors": "*"}

# Personal pages and answers: an attendee's profile and its sub-pages, the token exchange.
_PERSONAL = re.compile(r"^/(?:api/v1/)?events/[^/]+/me(?:/|$)|^/api/v1/token$|^/login$")


def init_security(app: Flask) -> None:
    """After the blueprints: views marked ``frameable`` become the framing exception.
    One Talisman per app: it keeps its options on itself, so a shared one would give every
    app the options of the last one set up."""
    talisman = Talisman()
    app.extensions["talisman"] = talisman
    talisman.init_app(
        app,
        force_https=bool(app.config.get("FORCE_HTTPS")),
        session_cookie_secure=bool(app.config.get("SESSION_COOKIE_SECURE")),
        session_cookie_samesite=app.config.get("SESSION_COOKIE_SAMESITE", "Lax"),
        content_security_policy=CSP,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        x_xss_protection=False,  # obsolete; the CSP does its job
    )
    for view in app.view_functions.values():
        if getattr(view, "frameable", False):
            view.talisman_view_options = {
                "frame_options": None,
                "content_security_policy": FRAMEABLE_CSP,
            }
    app.after_request(_no_store)
    app.after_request(_no_content_type_without_content)


def _credentialed() -> bool:
    if request.authorization is not None:
        return True
    return bool(session.get("attendees")) or current_user.is_authenticated


def _no_store(response):
    """Nothing personal in a shared or back-button cache. A view that chose its own
    Cache-Control (feeds with validators, QR codes) keeps it."""
    if "Cache-Control" in response.headers:
        return response
    if (
        _PERSONAL.search(request.path)
        or request.path.startswith("/api/")
        or response.mimetype == "application/json"
        or _credentialed()
    ):
        response.headers["Cache-Control"] = "no-store"
    return response


def _no_content_type_without_content(response):
    """A 204 has no body, so no type (Flask would call the empty body text/html)."""
    if response.status_code == 204:
        response.headers.pop("Content-Type", None)
    return response
