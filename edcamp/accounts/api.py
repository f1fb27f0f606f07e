"""JSON API of accounts: an organizer's email and password for an API token."""

from __future__ import annotations

from flask import jsonify

from edcamp.accounts import service
from edcamp.accounts.throttle import failed_logins_only
from edcamp.api import api_blueprint
from edcamp.api.inputs import json_body, string
from edcamp.api.openapi import document
from edcamp.errors import Unauthorized
from edcamp.extensions import db

bp = api_blueprint("accounts_api", __name__)


@bp.post("/token")
@failed_logins_only
@document(
    "Exchange an organizer's email and password for an API token",
    body={"email": "string", "password": "string"},
    returns={"token": "string"},
    errors=(401, 429),
)
def token():
    body = json_body()
    email = string(body, "email", required=True, max_length=254)
    password = string(body, "password", required=True, max_length=200)
    organizer = service.authenticate(email, password)
    if organizer is None:
        raise Unauthorized("Wrong email or password.", code="invalid_credentials")
    token_value = service.issue_token(organizer)
    db.session.commit()
    return jsonify({"token": token_value})
