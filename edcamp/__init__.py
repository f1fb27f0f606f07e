"""edcamp: runs an Edcamp from the first proposal to the last follow-up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    from edcamp import config as config_module

    app.config.from_mapping(config_module.load(Path(app.instance_path), config))
    register_routing(app)
    register_extensions(app)
    register_blueprints(app)
    register_security(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    register_receivers(app)
    return app


def register_routing(app: Flask) -> None:
    from werkzeug.middleware.proxy_fix import ProxyFix

    from edcamp.hosts import init_hosts
    from edcamp.requests import CleanRequest
    from edcamp.urls import DatabaseId

    app.url_map.converters["int"] = DatabaseId  # before any blueprint adds its rules
    app.request_class = CleanRequest  # control characters and bidi overrides stripped once
    init_hosts(app)  # a forged Host header is a 400, never the start of a link
    hops = app.config["PROXY_HOPS"]
    if hops:
        # Behind a reverse proxy: the client's address (login throttling) and the public
        # scheme and host (absolute links) come from the proxy's X-Forwarded-* headers.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_extensions(app: Flask) -> None:
    from edcamp import (
        live,
        models,  # noqa: F401  (every table on the metadata, for Alembic)
    )
    from edcamp.accounts.auth import init_login
    from edcamp.database import init_db
    from edcamp.errors import keep_retry_after
    from edcamp.extensions import csrf, db, limiter, migrate
    from edcamp.i18n import init_i18n
    from edcamp.mail import init_app as init_mail
    from edcamp.operations.metrics import init_metrics

    init_db(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    app.after_request(keep_retry_after)  # before the limiter's: after_request runs reversed
    limiter.init_app(app)
    init_login(app)
    live.init_app(app)
    init_metrics(app)
    init_mail(app)
    init_i18n(app)


def register_blueprints(app: Flask) -> None:
    from edcamp.blueprints import BLUEPRINTS

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)


def register_security(app: Flask) -> None:
    from edcamp.security import init_security

    init_security(app)


def register_errorhandlers(app: Flask) -> None:
    from edcamp.errors import init_errors
    from edcamp.pages import init_pages

    init_errors(app)
    init_pages(app)


def register_commands(app: Flask) -> None:
    from edcamp.commands import COMMANDS

    for command in COMMANDS:
        app.cli.add_command(command)


def register_receivers(_app: Flask) -> None:
    """Connect each domain's signal receivers (blinker's signals are process-wide:
    connecting again is a no-op)."""
    from edcamp.learning import receivers as learning
    from edcamp.publishing import receivers as publishing
    from edcamp.scheduling import receivers as scheduling
    from edcamp.voting import receivers as voting

    # Publishing forgets its cached version before the screens are told to reload.
    for domain in (publishing, scheduling, voting, learning):
        domain.connect()


def register_template_helpers(app: Flask) -> None:
    from edcamp.templating import init_templating

    init_templating(app)
