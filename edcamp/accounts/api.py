"""JSON API of accounts: API tokens (exchange, list, revoke) and password reset."""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _

from edcamp.accounts import recovery, service
from edcamp.accounts.throttle import failed_logins_only
from edcamp.api import api_blueprint
from edcamp.api.auth import bearer_token, require_organizer
from edcamp.api.inputs import integer, json_body, string
from edcamp.api.openapi import document
from edcamp.errors import Unauthorized
from edcamp.extensions import db, limiter

bp = api_blueprint("accounts_api", __name__)


@bp.post("/token")
@failed_logins_only
@document(
    "Exchange an organizer's email and password for an API token",
    body={
        "email": "string",
        "password": "string",
        "name?": "string",
        "expires_in_days?": "integer",
    },
    returns={"token": "string", "id": "integer", "expires_at": "string"},
    errors=(401, 422, 429),
)
def token():
    body = json_body()
    email = string(body, "email", required=True, max_length=254)
    password = string(body, "password", required=True, max_length=200)
    organizer = service.authenticate(email, password)
    if organizer is None:
        raise Unauthorized(_("Wrong email or password."), code="invalid_credentials")
    days = integer(
        body,
        "expires_in_days",
        minimum=1,
        maximum=service.MAX_TOKEN_DAYS,
        default=service.TOKEN_DAYS,
    )
    token_value = service.issue_token(
        organizer, name=string(body, "name", max_length=80) or "", days=days
    )
    row = service.token_row(token_value)
    db.session.commit()
    return jsonify({"token": token_value, **token_json(row)})


def token_json(row) -> dict:
    return {
        "id": row.id,
        "name": row.name,
        "created_at": row.created_at.isoformat() + "Z",
        "expires_at": row.expires_at.isoformat() + "Z",
        "last_used_at": row.last_used_at.isoformat() + "Z" if row.last_used_at else None,
    }


@bp.post("/password-reset")
@limiter.limit("10 per hour")
@document(
    "Mail a single-use password-reset link (valid one hour) if an account has this address",
    body={"email": "string"},
    returns={"status": "string"},
    status=202,
    errors=(422, 429),
)
def password_reset():
    email = string(json_body(), "email", required=True, max_length=254)
    recovery.request_password_reset(email)
    db.session.commit()
    # 202 whatever the address: the answer never tells whether it has an account.
    return jsonify(
        {"status": _("If an account has this address, a reset link is on its way.")}
    ), 202


@bp.get("/tokens")
@document(
    "The caller's API tokens (never their secret)",
    auth="organizer",
    returns={"tokens": "array"},
    errors=(401,),
)
def list_tokens():
    organizer = require_organizer()
    return jsonify({"tokens": [token_json(t) for t in service.list_tokens(organizer)]})


@bp.delete("/token")
@document(
    "Revoke the bearer token this request is sent with", auth="organizer", status=204, errors=(401,)
)
def revoke_this_token():
    token = bearer_token()
    row = service.token_row(token) if token else None
    if row is None:
        raise Unauthorized(_("Send the organizer token to revoke: Authorization: Bearer <token>."))
    db.session.delete(row)
    db.session.commit()
    return "", 204


@bp.delete("/tokens/<int:token_id>")
@document("Revoke one of the caller's API tokens", auth="organizer", status=204, errors=(401, 404))
def revoke_token(token_id: int):
    organizer = require_organizer()
    service.revoke_token(organizer, token_id)
    db.session.commit()
    return "", 204
