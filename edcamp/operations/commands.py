"""``flask --app wsgi export-event SLUG`` and ``import-event FILE``: an event's archive."""

from __future__ import annotations

import json
import sys

import click
from flask.cli import with_appcontext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from edcamp.errors import DomainError
from edcamp.extensions import db
from edcamp.models import Organizer
from edcamp.operations.archive import export_event, import_event


@click.command("export-event")
@with_appcontext
@click.argument("slug")
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Default: standard output.")
def export_event_command(slug: str, output: str | None) -> None:
    """Write the event at SLUG to one versioned JSON archive."""
    try:
        archive = export_event(slug)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    text = json.dumps(archive, ensure_ascii=False, indent=1)
    if output is None:
        sys.stdout.write(text + "\n")
    else:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        click.echo(f"Event {slug} written to {output}.", err=True)


@click.command("import-event")
@with_appcontext
@click.argument("archive", type=click.File("r", encoding="utf-8"))
@click.option("--slug", help="Restore under another short name.")
@click.option("--organizer", "email", help="Email of the organizer account to give it to.")
def import_event_command(archive, slug: str | None, email: str | None) -> None:
    """Restore an event from ARCHIVE (a file, or - for standard input)."""
    organizer = None
    if email:
        organizer = db.session.scalar(
            select(Organizer).where(func.lower(Organizer.email) == email.lower())
        )
        if organizer is None:
            raise click.ClickException(f"No organizer account with the email {email}.")
    try:
        data = json.load(archive)
        event = import_event(data, slug=slug, by=organizer)
    except ValueError as error:
        db.session.rollback()
        raise click.ClickException(f"Not a readable archive: {error}") from error
    except KeyError as error:
        db.session.rollback()
        raise click.ClickException(f"The archive refers to a row it lacks: {error}") from error
    except IntegrityError as error:
        db.session.rollback()
        raise click.ClickException(f"It clashes with data here: {error.orig}") from error
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Event {event.slug} restored.")
