"""One event as one versioned JSON archive, and back: moving an event between instances.

The archive holds every row that belongs to the event (settings, rooms, slots,
proposals, votes as ballots, schedule versions, check-ins, stars, resources...),
found by following foreign keys down from the event, so a table added later is
carried without changing this module. Ids are the source's; importing gives rows
new ids and rewrites every reference, so an archive restores next to other events,
on SQLite or PostgreSQL alike.

Left out: organizer accounts and their credentials, mail (the outbox, opt-outs),
and contact details an attendee did not agree to share (their email without
``share_email``; handles and links without ``share_contact``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import Date, DateTime, Table, Time, or_, select

from edcamp.errors import Conflict, Invalid, NotFound
from edcamp.extensions import db
from edcamp.models import Event, Organizer, event_organizers
from edcamp.models.attendees import HANDLE_FIELDS

FORMAT = "edcamp-event-archive"
VERSION = 1
# Accounts, credentials and mail belong to the instance, not to the event.
NOT_ARCHIVED = frozenset(
    {
        "organizers",
        "api_tokens",
        "organizer_sessions",
        "organizer_invitations",
        "one_time_links",
        "outbox_mails",
        "mail_opt_outs",
        "event_organizers",
        "alembic_version",
    }
)

Row = dict[str, Any]


def _event_tables() -> list[Table]:
    """The event's tables, parents before children (the order rows can be inserted in)."""
    return [t for t in db.metadata.sorted_tables if t.name not in NOT_ARCHIVED]


def export_event(slug: str) -> dict[str, Any]:
    """The archive of the event at ``slug`` (plain JSON-ready data)."""
    event = db.session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        raise NotFound("There is no event at that address.", code="event_not_found")
    ids: dict[str, set] = {"events": {event.id}}
    tables: dict[str, list[Row]] = {}
    for table in _event_tables():
        rows = _rows_of(table, ids)
        if rows is None:
            continue
        if table.name == "attendees":
            rows = [_without_unshared_contacts(row) for row in rows]
        tables[table.name] = [{k: _plain(v) for k, v in row.items()} for row in rows]
        if "id" in table.c:
            ids[table.name] = {row["id"] for row in rows}
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": datetime.now(UTC).isoformat(),
        "event": slug,
        "tables": tables,
    }


def _rows_of(table: Table, ids: dict[str, set]) -> list[Row] | None:
    """The rows of ``table`` belonging to the event; None if the table is not the event's."""
    if table.name == "events":
        condition = table.c.id.in_(ids["events"])
    elif "event_id" in table.c and table.c.event_id.foreign_keys:
        condition = table.c.event_id.in_(ids["events"])
    else:
        links = [
            fk.parent.in_(ids[fk.column.table.name])
            for fk in table.foreign_keys
            if fk.column.table.name in ids and fk.column.table is not table
        ]
        if not links:
            return None
        condition = or_(*links)
    order = [table.c.id] if "id" in table.c else list(table.primary_key.columns)
    return [
        dict(row._mapping)
        for row in db.session.execute(table.select().where(condition).order_by(*order))
    ]


def _without_unshared_contacts(row: Row) -> Row:
    row = dict(row)
    if not row.get("share_email"):
        row["email"] = None
        row["email_confirmed_at"] = None
    if not row.get("share_contact"):
        for field in HANDLE_FIELDS:
            row[field] = None
    return row


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def import_event(
    archive: dict[str, Any], *, slug: str | None = None, by: Organizer | None = None
) -> Event:
    """Restore an archive as a new event (under ``slug`` if given); ``by`` organizes it.

    The caller commits. Raises ``Invalid`` for something that is not an archive of a
    version this code reads, ``Conflict`` when the slug is taken here.
    """
    if not isinstance(archive, dict) or archive.get("format") != FORMAT:
        raise Invalid("This file is not an edcamp event archive.", field="archive")
    if archive.get("version") != VERSION:
        raise Invalid(
            f"Archive version {archive.get('version')!r} is not {VERSION}.", field="archive"
        )
    tables: dict[str, list[Row]] = archive.get("tables") or {}
    events = tables.get("events") or []
    if len(events) != 1:
        raise Invalid("The archive must hold exactly one event.", field="archive")
    new_slug = slug or events[0]["slug"]
    if db.session.scalar(select(Event.id).where(Event.slug == new_slug)) is not None:
        raise Conflict(f"An event at '{new_slug}' exists here already.", code="slug_taken")
    known = {table.name: table for table in _event_tables()}
    unknown = set(tables) - set(known)
    if unknown:
        raise Invalid(f"Tables this instance does not have: {sorted(unknown)}.", field="archive")
    new_ids: dict[str, dict[Any, Any]] = {}
    for table in _event_tables():
        if table.name in tables:
            _insert_rows(table, tables[table.name], new_ids, slug=new_slug)
    event = db.session.get(Event, new_ids["events"][events[0]["id"]])
    if by is not None:
        db.session.execute(event_organizers.insert().values(event_id=event.id, organizer_id=by.id))
    return event


def _insert_rows(table: Table, rows: list[Row], new_ids: dict, *, slug: str) -> None:
    """Insert ``rows`` with fresh ids and references rewritten to the new ids."""
    mapping = new_ids.setdefault(table.name, {})
    deferred = []  # references to rows of this same table, set once all exist
    for source in rows:
        row = {}
        for name, value in source.items():
            if name not in table.c:
                raise Invalid(f"Unknown column {table.name}.{name}.", field="archive")
            row[name] = _typed(table, name, value)
        if table.name == "events":
            row["slug"] = slug
        old_id = row.pop("id", None) if "id" in table.c else None
        for fk in table.foreign_keys:
            name, target = fk.parent.name, fk.column.table.name
            if row.get(name) is None:
                continue
            if target == table.name:
                deferred.append((old_id, name, row.pop(name)))
            elif target in new_ids:
                row[name] = new_ids[target][row[name]]
            else:  # e.g. who published a schedule: an account of the other instance
                row[name] = None
        result = db.session.execute(table.insert().values(**row))
        if old_id is not None:
            mapping[old_id] = result.inserted_primary_key[0]
    for old_id, name, old_target in deferred:
        db.session.execute(
            table.update().where(table.c.id == mapping[old_id]).values({name: mapping[old_target]})
        )


def _typed(table: Table, name: str, value: Any) -> Any:
    if value is None:
        return None
    column_type = table.c[name].type
    if isinstance(column_type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    if isinstance(column_type, Time):
        return time.fromisoformat(value)
    return value
