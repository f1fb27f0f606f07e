"""Flask-Login wiring for organizers' browser sessions."""

from __future__ import annotations

import email_validator
from flask import Flask
from flask_babel import lazy_gettext as _l

from edcamp.accounts import sessions
from edcamp.extensions import login_manager


def init_login(app: Flask) -> None:
    if app.config["EMAIL_TEST_DOMAINS"]:
        # email_validator (behind our own checks and WTForms' Email()) refuses the reserved
        # .test domain outside its test environment.
        email_validator.TEST_ENVIRONMENT = True
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    # Lazy, made a plain string in the page's language when flashed.
    login_manager.login_message = _l("Please sign in as an organizer.")
    login_manager.localize_callback = str
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
    # Sessions live on the server (edcamp.accounts.sessions): a cookie is only as good as
    # its row, and remember-me is our own rotating cookie.
    login_manager.user_loader(sessions.load_organizer)
    login_manager.request_loader(sessions.load_from_remember_cookie)
    app.before_request(sessions.forget_request_state)
    app.after_request(sessions.write_remember_cookie)
