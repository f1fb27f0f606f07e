"""Organizer sign-in pages and the API token endpoint."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from edcamp.accounts import service
from edcamp.accounts.forms import LoginForm
from edcamp.api import api_blueprint
from edcamp.api.inputs import json_body, string
from edcamp.api.openapi import document
from edcamp.errors import Unauthorized
from edcamp.extensions import db, limiter
from edcamp.urls import safe_next

bp = Blueprint("accounts", __name__)
api = api_blueprint("accounts_api", __name__)


def _login_limit() -> str:
    return current_app.config["LOGIN_ATTEMPTS"]


# Only failed attempts count: a busy organizer who signs in often is never slowed down.
# One shared budget for the page and the token endpoint, so neither doubles a guesser's tries.
_failed_only = limiter.shared_limit(
    _login_limit,
    scope="login",
    key_func=lambda: f"login:{request.remote_addr}",
    methods=["POST"],
    deduct_when=lambda response: response.status_code in (200, 401),
)


@bp.route("/login", methods=["GET", "POST"])
@_failed_only
def login():
    if current_user.is_authenticated:
        return redirect(url_for("events.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        organizer = service.authenticate(form.email.data, form.password.data)
        if organizer is not None:
            login_user(organizer, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")) or url_for("events.dashboard"))
        form.password.errors.append("Wrong email or password.")
        return render_template("accounts/login.html", form=form), 401
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
def logout():
    # No login_required: an expired session's "Sign out" would otherwise send people through the
    # login form back to /logout by GET, a 405.
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("accounts.login"))


@api.post("/token")
@_failed_only
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
