"""Follow-up exports and "people to connect with" for a 1,000-attendee, 60-session event.

    .venv/bin/python bench/contacts.py                # print the table
    .venv/bin/python bench/contacts.py --write-docs   # and update docs/benchmarks.md
                                                      # (## Follow-up exports)

It builds a throw-away SQLite database with 1,000 attendees (80 % consenting, 50 % with
email consent, most with handles), 60 published sessions (10 rooms x 6 slots), 5 votes,
3 stars and 4 check-ins each, then times, in-process, the best of a few runs of:

- every export through the real route (Flask test client: auth, queries, builder,
  response), for the whole event and for one session;
- the pure builders alone on the same 800 contacts;
- "people to connect with" for all 1,000 attendees: loading the plain data from the
  database, and the ranking itself.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from datetime import time as clock
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DOCS = ROOT / "docs" / "benchmarks.md"
SLUG = "bench-contacts"
ATTENDEES, ROOMS, SLOTS = 1000, 10, 6
EXPORT_TARGET_S, CONNECT_TARGET_S = 1.0, 2.0
SUBJECTS = ["Math", "Science", "ELA", "History", "Art", "Music", "PE", "CS", "Languages", "SpEd"]


def best_of(fn: Callable[[], object], runs: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def build(db, models, organizer) -> None:
    """Bulk-insert the event: plain INSERTs, so setting up takes seconds, not minutes."""
    from sqlalchemy import insert

    from edcamp.attendees.service import GRADE_LEVELS, ROLES

    rng = random.Random(2026)
    event = models.Event(
        slug=SLUG, name="Edcamp Bench", date=date(2026, 6, 13), timezone="America/New_York",
        join_code="BENCH1", venue="Bench High",
    )  # fmt: skip
    event.organizers.append(organizer)
    db.session.add(event)
    db.session.flush()
    rooms = [models.Room(event_id=event.id, name=f"Room {i}", capacity=30) for i in range(ROOMS)]
    slots = [
        models.Slot(event_id=event.id, starts_at=clock(9 + i), ends_at=clock(9 + i, 50))
        for i in range(SLOTS)
    ]
    db.session.add_all(rooms + slots)
    db.session.flush()
    attendees = []
    for i in range(ATTENDEES):
        consents = rng.random() < 0.8
        handle = f"teacher{i}"
        attendees.append(
            {
                "event_id": event.id,
                "name": f"Teacher {i} <{rng.choice(['Ann', 'Bo', 'Cy'])}>",
                "email": f"{handle}@school.example",
                "role": rng.choice(ROLES),
                "subjects": rng.sample(SUBJECTS, 2),
                "grade_levels": rng.sample(GRADE_LEVELS, 1),
                "mastodon": f"@{handle}@mastodon.social" if rng.random() < 0.6 else None,
                "bluesky": f"{handle}.bsky.social" if rng.random() < 0.5 else None,
                "x": f"@{handle}" if rng.random() < 0.3 else None,
                "linkedin": f"https://www.linkedin.com/in/{handle}" if rng.random() < 0.3 else None,
                "website": f"https://{handle}.example/" if rng.random() < 0.3 else None,
                "blog_feed": f"https://{handle}.example/feed.xml" if rng.random() < 0.3 else None,
                "share_contact": consents,
                "share_email": consents and rng.random() < 0.5,
                "token_hash": secrets.token_hex(32),
                "feed_token": secrets.token_urlsafe(24),
            }
        )
    db.session.execute(insert(models.Attendee), attendees)
    ids = list(db.session.scalars(db.select(models.Attendee.id).order_by(models.Attendee.id)))
    proposals = [
        {"event_id": event.id, "proposer_id": ids[i], "title": f"Session {i}: =SUM(A1) & <b>",
         "tags": rng.sample(["stem", "literacy", "sel", "edtech", "equity"], 2)}
        for i in range(ROOMS * SLOTS)
    ]  # fmt: skip
    db.session.execute(insert(models.Proposal), proposals)
    pids = list(db.session.scalars(db.select(models.Proposal.id).order_by(models.Proposal.id)))
    schedule = models.Schedule(event_id=event.id, version=1)
    db.session.add(schedule)
    db.session.flush()
    cells = [(r, s) for s in slots for r in rooms]
    db.session.execute(
        insert(models.ScheduleEntry),
        [
            {"schedule_id": schedule.id, "proposal_id": pid, "room_id": r.id, "slot_id": s.id}
            for pid, (r, s) in zip(pids, cells, strict=True)
        ],
    )
    db.session.execute(
        insert(models.Facilitator),
        [{"proposal_id": pid, "attendee_id": ids[i]} for i, pid in enumerate(pids)],
    )
    votes, stars, checkins = [], [], []
    by_slot = [pids[s * ROOMS : (s + 1) * ROOMS] for s in range(SLOTS)]
    for aid in ids:
        for ballot, pid in enumerate(rng.sample(pids, 5), start=1):
            votes.append(
                {"event_id": event.id, "proposal_id": pid, "attendee_id": aid, "ballot": ballot}
            )
        stars += [{"attendee_id": aid, "proposal_id": pid} for pid in rng.sample(pids, 3)]
        for slot in rng.sample(range(SLOTS), 4):
            checkins.append({"attendee_id": aid, "proposal_id": rng.choice(by_slot[slot])})
    db.session.execute(insert(models.Vote), votes)
    db.session.execute(insert(models.Star), stars)
    db.session.execute(insert(models.CheckIn), checkins)
    db.session.commit()


def run(runs: int) -> dict:
    os.environ.pop("DATABASE_URL", None)
    folder = tempfile.mkdtemp(prefix="edcamp-bench-contacts-")
    from edcamp import create_app, models
    from edcamp.accounts.service import create_organizer, issue_token
    from edcamp.contacts import exports, people
    from edcamp.contacts.connect import people_to_connect
    from edcamp.extensions import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite",
            "SECRET_KEY": "bench",
            "EDCAMP_BASE_URL": "https://edcamp.bench",
            "RATELIMIT_ENABLED": False,
        }
    )
    result: dict = {"routes": {}, "builders": {}, "runs": runs, "load": os.getloadavg()[0]}
    with app.app_context():
        db.create_all()
        organizer = create_organizer("bench@edcamp.example", "bench-password-123")
        started = time.perf_counter()
        build(db, models, organizer)
        result["setup_s"] = round(time.perf_counter() - started, 2)
        token = issue_token(organizer)
        db.session.commit()
        event = db.session.scalar(db.select(models.Event).where(models.Event.slug == SLUG))
        one_session = people.event_sessions(event)[0].id
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        with client.session_transaction() as cookie:  # the organizer's browser session
            cookie["_user_id"] = str(organizer.id)
            cookie["_fresh"] = True

        def fetch(url: str) -> bytes:
            response = client.get(url, headers=headers)
            assert response.status_code == 200, (url, response.status_code)
            return response.data

        for name in exports.EXPORTS:
            for scope, query in (("event", ""), ("session", f"?proposal={one_session}")):
                url = f"/events/{SLUG}/export/{name}{query}"
                seconds, body = best_of(lambda url=url: fetch(url), runs)
                result["routes"][f"{name} ({scope})"] = (seconds, len(body))
        result["pages"] = {}
        for label, url in (
            ("organizer contacts page", f"/events/{SLUG}/contacts"),
            ("organizer report page", f"/events/{SLUG}/report"),
            ("organizer report CSV", f"/events/{SLUG}/report.csv"),
        ):
            seconds, body = best_of(lambda url=url: fetch(url), runs)
            result["pages"][label] = (seconds, len(body))
        attendee = db.session.scalar(
            db.select(models.Attendee).where(models.Attendee.share_contact.is_(True)).limit(1)
        )
        with client.session_transaction() as cookie:
            cookie["attendees"] = {str(event.id): attendee.id}
        for label, url in (
            ("attendee connect page", f"/events/{SLUG}/me/connect"),
            ("attendee follow-up page", f"/events/{SLUG}/me/follow-up"),
            ("attendee learning record", f"/events/{SLUG}/me/record"),
            ("attendee Mastodon CSV (own sessions)", f"/events/{SLUG}/me/export/mastodon.csv"),
        ):
            seconds, body = best_of(lambda url=url: fetch(url), runs)
            result["pages"][label] = (seconds, len(body))
        contacts = people.contacts_for(event)
        result["contacts"] = len(contacts)
        for name in exports.EXPORTS:
            seconds, body = best_of(lambda name=name: exports.build_export(name, contacts), runs)
            result["builders"][name] = (seconds, len(body))
        session_ids = {p.id for p in people.event_sessions(event)}
        load_s, persons = best_of(lambda: people.people_for_connect(event, session_ids), runs)
        rank_s, ranked = best_of(lambda: people_to_connect(persons), runs)
        result["connect"] = {
            "load_s": load_s,
            "rank_s": rank_s,
            "people": len(ranked),
            "with_suggestions": sum(1 for c in ranked.values() if c.suggestions),
        }
    return result


def table(result: dict) -> str:
    lines = ["| export (through the route) | best of runs | size | target |", "|---|---:|---:|---|"]
    for name, (seconds, size) in result["routes"].items():
        mark = "ok" if seconds < EXPORT_TARGET_S else "MISSED"
        lines.append(f"| {name} | {seconds * 1000:.0f} ms | {size:,} B | < 1 s: {mark} |")
    lines += ["", "| page | best of runs | size |", "|---|---:|---:|"]
    for name, (seconds, size) in result["pages"].items():
        lines.append(f"| {name} | {seconds * 1000:.0f} ms | {size:,} B |")
    lines += ["", "| builder alone (800 contacts) | best of runs | size |", "|---|---:|---:|"]
    for name, (seconds, size) in result["builders"].items():
        lines.append(f"| {name} | {seconds * 1000:.1f} ms | {size:,} B |")
    c = result["connect"]
    total = c["load_s"] + c["rank_s"]
    mark = "ok" if total < CONNECT_TARGET_S else "MISSED"
    lines += [
        "",
        "| people to connect with, all 1,000 attendees | best of runs |",
        "|---|---:|",
        f"| load plain data from the database | {c['load_s'] * 1000:.0f} ms |",
        f"| rank (pure) | {c['rank_s'] * 1000:.0f} ms |",
        f"| total (target < 2 s: {mark}) | {total * 1000:.0f} ms |",
    ]
    return "\n".join(lines)


def write_docs(result: dict) -> None:
    body = f"""## Follow-up exports

`bench/contacts.py`: in-process (Flask test client), SQLite, one machine shared with other
work; a published event of 1,000 attendees ({result["contacts"]} consenting), 60 sessions
(10 rooms x 6 slots), 5 votes, 3 stars and 4 check-ins each. Times are the best of
{result["runs"]} runs, measured with a load average of {result["load"]:.1f} on
{os.cpu_count()} CPUs. "event" exports every consenting attendee; "session" one session's
people (facilitators, check-ins, stars).

{table(result)}

{result["connect"]["with_suggestions"]} of {result["connect"]["people"]} attendees got
suggestions (the others share nothing with a consenting attendee).
"""
    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n"
    start = text.find("## Follow-up exports")
    if start < 0:
        text = text.rstrip() + "\n\n" + body
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + body + ("\n" + text[end + 1 :] if end >= 0 else "")
    DOCS.parent.mkdir(parents=True, exist_ok=True)
    DOCS.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    args = parser.parse_args()
    result = run(args.runs)
    print(f"set-up: {result['setup_s']} s")
    print(table(result))
    if args.write_docs:
        write_docs(result)
        print(f"updated {DOCS}")


if __name__ == "__main__":
    main()
