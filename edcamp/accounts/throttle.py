"""One sign-in budget shared by the login page and the API token endpoint."""

from __future__ import annotations

from flask import current_app, request

from edcamp.extensions import limiter


def _login_limit() -> str:
    return current_app.config["LOGIN_ATTEMPTS"]


# Only failed attempts count: a busy organizer who signs in often is never slowed down.
# One shared budget for the page and the token endpoint, so neither doubles a guesser's tries.
failed_logins_only = limiter.shared_limit(
    _login_limit,
    scope="login",
    key_func=lambda: f"login:{request.remote_addr}",
    methods=["POST"],
    deduct_when=lambda response: _failed_login(response),
)


def _failed_login(response) -> bool:
    """A wrong password (401), or the sign-in page shown again after a POST (its form did not
    pass). A token answered with 200 is a success and costs nothing."""
    if response.status_code == 401:
        return True
    return request.endpoint == "accounts.login" and response.status_code == 200
