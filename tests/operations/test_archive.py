"""export-event / import-event: the whole event, to another database and back."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from edcamp.demo import DEMO_EMAIL, DEMO_SLUG
from edcamp.extensions import db
from edcamp.models import Attendee, CheckIn, Event, Schedule, Vote
from edcamp.operations.archive import export_event


def comparable(archive: dict) -> dict:
    """The archive without its ids: every reference becomes the referred row's position."""
    from edcamp.operations.archive import _event_tables

    tables = archive["tables"]
    position = {
        name: {row["id"]: n for n, row in enumerate(rows)}
        for name, rows in tables.items()
        if rows and "id" in rows[0]
    }
    result = {}
    for table in _event_tables():
        if table.name not in tables:
            continue
        links = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
        rows = []
        for row in tables[table.name]:
            plain = {}
            for key, value in row.items():
                if key == "id":
                    continue
                if key in links and value is not None:
                    # Accounts are the instance's: a reference to one is not carried.
                    value = position[links[key]][value] if links[key] in tables else None
                plain[key] = value
            rows.append(plain)
        result[table.name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True))
    result["events"][0].pop("slug")
    return result


@pytest.fixture
def demo_archive(runner, tmp_path):
    assert runner.invoke(args=["demo"]).exit_code == 0
    path = tmp_path / "event.json"
    result = runner.invoke(args=["export-event", DEMO_SLUG, "-o", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_archive_holds_the_whole_event(demo_archive):
    archive = json.loads(demo_archive.read_text())
    assert (archive["format"], archive["version"]) == ("edcamp-event-archive", 1)
    tables = archive["tables"]
    event = db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    assert tables["events"][0]["votes_per_attendee"] == event.votes_per_attendee
    for name in ("rooms", "slots", "proposals", "votes", "schedules", "schedule_entries"):
        assert tables[name], f"no {name} in the archive"
    assert len(tables["votes"]) == db.session.scalar(select(func.count()).select_from(Vote))
    assert {"attendee_id", "ballot", "proposal_id"} <= set(tables["votes"][0])
    assert len(tables["checkins"]) == db.session.scalar(select(func.count()).select_from(CheckIn))
    assert "organizers" not in tables
    assert "outbox_mails" not in tables
    assert all("password_hash" not in row for rows in tables.values() for row in rows)


def test_contacts_travel_only_with_consent(make_event, make_attendee):
    event = make_event()
    quiet, _ = make_attendee(event, name="Quiet", email="quiet@school.test")
    sharing, _ = make_attendee(event, name="Open", email="open@school.test")
    for attendee, handle in ((quiet, "@q@x.social"), (sharing, "@o@x.social")):
        attendee.mastodon = handle
    sharing.share_email = sharing.share_contact = True
    db.session.commit()

    people = {a["name"]: a for a in export_event(event.slug)["tables"]["attendees"]}

    assert (people["Quiet"]["email"], people["Quiet"]["mastodon"]) == (None, None)
    assert (people["Open"]["email"], people["Open"]["mastodon"]) == (
        "open@school.test",
        "@o@x.social",
    )


def test_round_trip_through_another_database_and_back(
    demo_archive, runner, make_app, make_event, make_attendee, tmp_path
):
    other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'other.sqlite'}")
    with other.app_context():
        db.create_all()
        # Rows already there: the restored ones get other ids, references must follow.
        for _ in range(3):
            make_attendee(make_event(rooms=[("Library", 30)]))
        other_cli = other.test_cli_runner()
        restored = other_cli.invoke(args=["import-event", str(demo_archive)])
        assert restored.exit_code == 0, restored.output
        back = tmp_path / "back.json"
        assert other_cli.invoke(args=["export-event", DEMO_SLUG, "-o", str(back)]).exit_code == 0
        db.session.remove()

    db.session.delete(db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG)))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Vote)) == 0
    home = runner.invoke(args=["import-event", str(back), "--organizer", DEMO_EMAIL])

    assert home.exit_code == 0, home.output
    original = json.loads(demo_archive.read_text())
    again = export_event(DEMO_SLUG)
    assert comparable(again) == comparable(original)
    event = db.session.scalar(select(Event).where(Event.slug == DEMO_SLUG))
    assert [o.email for o in event.organizers] == [DEMO_EMAIL]
    assert db.session.scalar(select(func.count()).where(Schedule.event_id == event.id)) == len(
        original["tables"]["schedules"]
    )


def test_import_refuses_a_taken_slug_and_foreign_files(demo_archive, runner, tmp_path):
    taken = runner.invoke(args=["import-event", str(demo_archive)])
    assert taken.exit_code != 0
    assert "exists here already" in taken.output
    junk = tmp_path / "junk.json"
    junk.write_text(json.dumps({"format": "something-else"}))
    refused = runner.invoke(args=["import-event", str(junk), "--slug", "x-y"])
    assert "not an edcamp event archive" in refused.output
    newer = json.loads(demo_archive.read_text()) | {"version": 99}
    junk.write_text(json.dumps(newer))
    assert "version 99" in runner.invoke(args=["import-event", str(junk), "--slug", "x-y"]).output
    before = db.session.scalar(select(func.count()).select_from(Attendee))
    assert db.session.scalar(select(func.count()).select_from(Attendee)) == before
