"""Organizer account pages: sign-up, confirmation, password reset and change, API tokens."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from edcamp.accounts import recovery, service, sessions
from edcamp.accounts.forms import (
    ChangePasswordForm,
    ConfirmForm,
    EmailOnlyForm,
    NameForm,
    NewPasswordForm,
    SignupForm,
    TokenForm,
)
from edcamp.accounts.links import CONFIRM_ORGANIZER, PASSWORD_RESET, peek_link
from edcamp.errors import DomainError
from edcamp.extensions import db, limiter
from edcamp.pages import show_form_error

bp = Blueprint("account", __name__)
_MAILS_PER_ADDRESS = "10 per hour"


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(_MAILS_PER_ADDRESS, methods=["POST"])
def signup():
    policy = recovery.signup_policy()
    form = SignupForm()
    if policy == "open" and form.validate_on_submit():
        try:
            recovery.sign_up(form.email.data, form.password.data, form.name.data)
        except DomainError as error:
            db.session.rollback()
            show_form_error(form, error)
        else:
            db.session.commit()
            return render_template("accounts/check_mail.html", email=form.email.data)
    status = 422 if form.errors else 200
    return render_template("accounts/signup.html", form=form, policy=policy), status


@bp.get("/confirm/<token>")
def confirm(token: str):
    peek_link(token, CONFIRM_ORGANIZER)
    return render_template("accounts/confirm.html", form=ConfirmForm())


@bp.post("/confirm/<token>")
def confirm_post(token: str):
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("account.confirm", token=token))
    organizer = recovery.confirm_email(token)
    sessions.start_session(organizer)
    db.session.commit()
    flash(_("Your address is confirmed. Welcome!"), "success")
    return redirect(url_for("events.dashboard"))


@bp.post("/account/confirmation")
@login_required
@limiter.limit(_MAILS_PER_ADDRESS)
def resend_confirmation():
    if not current_user.email_confirmed:
        recovery.send_confirmation(current_user)
        db.session.commit()
    flash(_("We sent a new confirmation link to %(email)s.", email=current_user.email), "info")
    return redirect(url_for("account.account"))


@bp.route("/password-reset", methods=["GET", "POST"])
@limiter.limit(_MAILS_PER_ADDRESS, methods=["POST"])
def password_reset():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        recovery.request_password_reset(form.email.data)
        db.session.commit()
        return render_template("accounts/check_mail.html", email=form.email.data, reset=True)
    return render_template("accounts/password_reset.html", form=form)


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    peek_link(token, PASSWORD_RESET)
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            organizer = recovery.reset_password(token, form.password.data)
        except DomainError as error:
            db.session.rollback()
            show_form_error(form, error)
        else:
            sessions.start_session(organizer)
            db.session.commit()
            flash(_("Your password is changed; every other session was signed out."), "success")
            return redirect(url_for("events.dashboard"))
    return render_template("accounts/new_password.html", form=form), 422 if form.errors else 200


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    name_form = NameForm(obj=current_user, prefix="name")
    if name_form.validate_on_submit():
        try:
            recovery.rename(current_user, name_form.name.data)
        except DomainError as error:
            db.session.rollback()
            show_form_error(name_form, error)
        else:
            db.session.commit()
            flash(_("Your name is saved."), "success")
            return redirect(url_for("account.account"))
    return _account_page(name_form=name_form)


def _account_page(status: int = 200, **forms):
    from edcamp.mail.status import account_mail

    forms.setdefault("name_form", NameForm(obj=current_user, prefix="name", formdata=None))
    forms.setdefault("password_form", ChangePasswordForm(prefix="password", formdata=None))
    forms.setdefault("token_form", TokenForm(prefix="token", formdata=None))
    return render_template(
        "accounts/account.html",
        tokens=service.list_tokens(current_user),
        browser_sessions=sessions.list_sessions(current_user),
        mails=account_mail(current_user),
        signup_policy=current_app.config["EDCAMP_SIGNUP"],
        **forms,
    ), status


@bp.post("/account/password")
@login_required
def change_password():
    form = ChangePasswordForm(prefix="password")
    if form.validate_on_submit():
        try:
            recovery.change_password(
                current_user, form.current_password.data, form.new_password.data
            )
        except DomainError as error:
            db.session.rollback()
            show_form_error(form, error)
        else:
            db.session.commit()
            flash(
                _("Password changed. Other browsers are signed out, API tokens revoked."),
                "success",
            )
            return redirect(url_for("account.account"))
    return _account_page(422, password_form=form)


@bp.post("/account/tokens")
@login_required
def create_token():
    form = TokenForm(prefix="token")
    if form.validate_on_submit():
        token = service.issue_token(current_user, name=form.name.data or "", days=form.days.data)
        db.session.commit()
        return _account_page(new_token=token)[0]
    return _account_page(422, token_form=form)


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    if ConfirmForm().validate_on_submit():
        service.revoke_token(current_user, token_id)
        db.session.commit()
        flash(_("The token is revoked."), "success")
    return redirect(url_for("account.account") + "#tokens")
