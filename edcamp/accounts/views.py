"""Organizer sign-in pages (the API token endpoint is in ``edcamp.accounts.api``)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from edcamp.accounts import service, sessions
from edcamp.accounts.forms import LoginForm
from edcamp.accounts.throttle import failed_logins_only
from edcamp.extensions import db
from edcamp.urls import safe_next

bp = Blueprint("accounts", __name__)


@bp.route("/login", methods=["GET", "POST"])
@failed_logins_only
def login():
    if current_user.is_authenticated:
        return redirect(url_for("events.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        organizer = service.authenticate(form.email.data, form.password.data)
        if organizer is not None:
            sessions.start_session(organizer, remember=form.remember.data)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")) or url_for("events.dashboard"))
        form.password.errors.append(_("Wrong email or password."))
        return render_template("accounts/login.html", form=form), 401
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
def logout():
    # No login_required: an expired session's "Sign out" would otherwise send people through the
    # login form back to /logout by GET, a 405.
    sessions.end_session(current_user.get_id() and int(current_user.get_id()))
    db.session.commit()
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("accounts.login"))
