"""Flask-Login wiring for organizers' browser sessions."""

from __future__ import annotations

import email_validator
from flask import Flask

from edcamp.extensions import db, login_manager
from edcamp.models import Organizer


def init_login(app: Flask) -> None:
    if app.testing:
        # Tests use the reserved .test domain (RFC 2606); email_validator (behind our own
        # checks and WTForms' Email()) refuses it outside a test environment.
        email_validator.TEST_ENVIRONMENT = True
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = "Please sign in as an organizer."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_organizer(organizer_id: str) -> Organizer | None:
        if not organizer_id.isdigit():
            return None
        return db.session.get(Organizer, int(organizer_id))
