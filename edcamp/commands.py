"""CLI commands: ``flask --app wsgi create-organizer`` and ``flask --app wsgi demo``."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from edcamp.errors import DomainError
from edcamp.extensions import db
from edcamp.operations.commands import export_event_command, import_event_command


@click.command("create-organizer")
@with_appcontext
@click.option("--email", required=True, help="The organizer's email (their login).")
@click.option("--password", help="At least 10 characters; read from stdin when omitted.")
@click.option("--name", default="", help="Shown to co-organizers.")
def create_organizer_command(email: str, password: str | None, name: str) -> None:
    """Create an organizer account."""
    from edcamp.accounts.service import create_organizer

    if password is None:
        password = (
            click.prompt("Password", hide_input=True, confirmation_prompt=True)
            if sys.stdin.isatty()
            else sys.stdin.readline().rstrip("\r\n")
        )
    try:
        organizer = create_organizer(email, password, name=name)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Organizer {organizer.email} created.")


@click.command("demo")
@with_appcontext
@click.option("--reset", is_flag=True, help="Delete the demo event first and build it afresh.")
def demo_command(reset: bool) -> None:
    """Create the demo event: 8 rooms, 5 slots, 120 attendees, 40 proposals and votes."""
    from edcamp.demo import DEMO_EMAIL, DEMO_PASSWORD, build_demo
    from edcamp.events.links import join_url

    event, created = build_demo(reset=reset, publish_schedule=True)
    db.session.commit()
    app = current_app._get_current_object()
    # Links outside a request need a host: the configured base URL, or the dev server's.
    base = app.config.get("EDCAMP_BASE_URL") or "http://127.0.0.1:5000"
    with app.test_request_context(base_url=base):
        link = join_url(event)
    click.echo(("Created" if created else "Found") + f" the demo event '{event.name}'.")
    click.echo(f"Organizer login: {DEMO_EMAIL} / {DEMO_PASSWORD}")
    click.echo(f"Join link: {link}")


@click.command("send-mail")
@with_appcontext
@click.option("--loop", is_flag=True, help="Keep running and deliver new mail as it comes.")
def send_mail_command(loop: bool) -> None:
    """Deliver the outbox (web workers do it already; for a separate sender process)."""
    from edcamp.mail.background import run_periodic_jobs, run_sender
    from edcamp.mail.sender import deliver_due

    if not current_app.config.get("MAIL_URL"):
        raise click.ClickException("MAIL_URL is not set: mail stays in the outbox.")
    if loop:
        run_sender(current_app._get_current_object())
    run_periodic_jobs(current_app._get_current_object())
    tried = 0
    while batch := deliver_due():
        tried += batch
    click.echo(f"Tried {tried} mail(s).")


@click.command("send-try-it-mails")
@with_appcontext
@click.option("--days", type=int, help="Days after the event (default LEARNING_TRY_IT_DAYS).")
def send_try_it_mails_command(days: int | None) -> None:
    """Queue the "Did you try it?" mails that are due (never twice; for cron)."""
    from edcamp.learning.try_it import queue_due_try_it_mails

    if days is not None:
        if days < 0:
            raise click.BadParameter("must be 0 or more", param_hint="--days")
        current_app.config["LEARNING_TRY_IT_DAYS"] = days
    click.echo(f"Queued {queue_due_try_it_mails()} mail(s).")


COMMANDS = [
    create_organizer_command,
    demo_command,
    send_mail_command,
    send_try_it_mails_command,
    export_event_command,
    import_event_command,
]
