"""Plumbing shared by every domain's JSON API: blueprints, auth, input parsing, OpenAPI."""

from flask import Blueprint

from edcamp.extensions import csrf

API_PREFIX = "/api/v1"


def api_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint under /api/v1. Bearer-token calls need no CSRF token; calls that ride on
    the browser's session cookie are checked in ``edcamp.api.auth`` instead."""
    blueprint = Blueprint(name, import_name, url_prefix=API_PREFIX)
    csrf.exempt(blueprint)
    return blueprint
