"""Domain errors and how they reach people: JSON under /api/, a styled page elsewhere."""

from __future__ import annotations

import sqlite3
from contextlib import suppress

import psycopg
from flask import Flask, g, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import BadRequest, HTTPException

from edcamp.extensions import db


class DomainError(Exception):
    """A rule of the domain said no. Views turn it into a 4xx; never a 500."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


class Invalid(DomainError):
    status = 422
    code = "invalid"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class TooManyRequests(DomainError):
    """A throttle said "not now": the message says when to try again."""

    status = 429
    code = "too_many_requests"


def error_body(code: str, message: str, **extra) -> dict:
    body = {"code": code, "message": message}
    body.update({k: v for k, v in extra.items() if v is not None})
    return {"error": body}


def wants_json() -> bool:
    return request.path.startswith("/api/") or (request.accept_mimetypes.best == "application/json")


_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "too_many_requests",
    503: "unavailable",
}

_FRIENDLY = {
    400: _l("The request could not be understood."),
    401: _l("Please sign in first."),
    403: _l("You are not allowed to do that."),
    404: _l("We could not find that page."),
    405: _l("That action is not available here."),
    413: _l("That upload is too large."),
    429: _l("Too many attempts. Please wait a few minutes and try again."),
}

_TITLES = {
    400: _l("Bad request"),
    401: _l("Please sign in"),
    403: _l("Not allowed"),
    404: _l("Not found"),
    405: _l("Not available"),
    409: _l("Conflict"),
    413: _l("Too large"),
    422: _l("Please check your input"),
    429: _l("Slow down"),
    500: _l("Something went wrong"),
}


def init_errors(app: Flask) -> None:
    @app.before_request
    def refuse_nul_characters():
        """PostgreSQL stores no NUL character: one in the address or a form is a clear 400."""
        values = [request.path]
        values += [text for pair in request.args.items(multi=True) for text in pair]
        if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            request.get_data(cache=True)  # keep the raw body readable after parsing the form
            values += [text for pair in request.form.items(multi=True) for text in pair]
        if any("\x00" in text for text in values):
            raise BadRequest(_("Text must not contain NUL characters."))

    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        if wants_json():
            return jsonify(error_body(error.code, error.message, field=error.field)), error.status
        return _page(error.status, error.message)

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        status = error.code or 500
        message = _message(error, status)
        if wants_json():
            response = jsonify(error_body(_HTTP_CODES.get(status, "error"), message))
            response.status_code = status
        else:
            response = make_response(_page(status, message))
        allow = error.get_response().headers.get("Allow") if status == 405 else None
        if allow:  # a 405 must say which methods work, on pages too
            response.headers["Allow"] = allow
        return response

    @app.errorhandler(sqlite3.OperationalError)
    @app.errorhandler(OperationalError)
    @app.errorhandler(psycopg.OperationalError)  # the driver's own, if one ever escapes unwrapped
    def handle_database_unavailable(error: Exception):
        # The database is down, restarting, or (SQLite) still locked after the wait: a
        # moment later may work, so say so (phones retry votes by themselves).
        app.logger.warning("database unavailable: %s", error)
        # The failed transaction is dead: end it, and render the answer without asking the
        # database again (the page's logo link would, and fail into a 500).
        with suppress(SQLAlchemyError, sqlite3.Error):
            db.session.rollback()
        g.database_unavailable = True  # also keeps Retry-After (keep_retry_after)
        message = _("The database is busy. Please try again in a moment.")
        if wants_json():
            response = jsonify(error_body("unavailable", message))
        else:
            response = make_response(_page(503, message))
        response.status_code = 503
        response.headers["Retry-After"] = "1"
        return response

    @app.errorhandler(500)
    def handle_server_error(_error):
        message = _("Something went wrong on our side. Please try again.")
        if wants_json():
            return jsonify(error_body("server_error", message)), 500
        return _page(500, message)


def _message(error: HTTPException, status: int) -> str:
    description = error.description or ""
    if isinstance(error, CSRFError):  # "The CSRF token is missing." means nothing to a teacher
        return _("This form has expired. Go back, reload the page and send it again.")
    # Werkzeug's stock descriptions are long and technical; ours are short and plain.
    if status in _FRIENDLY and (
        not description
        or description == type(error).description  # Werkzeug's stock text, in English only
        or "browser (or proxy)" in description
        or "requested URL was not found" in description
        or "don't have the permission" in description
        or "method is not allowed" in description
    ):
        return str(_FRIENDLY[status])
    if status == 429:
        return str(_FRIENDLY[429])
    return description or str(_FRIENDLY.get(status, _l("Something went wrong.")))


def _page(status: int, message: str):
    title = str(_TITLES.get(status, _l("Error")))
    return render_template("error.html", status=status, title=title, message=message), status


def keep_retry_after(response):
    """After Flask-Limiter's headers: a 503 for an unavailable database says ``Retry-After:
    1``. The limiter sets Retry-After on every answer of a limited route to its window's
    reset, rounded down (0 here; 300 s on the join page), which would tell a phone to give
    up or to hammer. Registered before the limiter, so it runs after it."""
    if g.get("database_unavailable") and response.status_code == 503:
        response.headers["Retry-After"] = "1"
    return response
