"""The morning drill: an Edcamp's morning against a real server, with faults on demand.

    flock /tmp/team/bench.lock .venv/bin/python bench/morning.py --matrix   # the whole table
    flock /tmp/team/bench.lock .venv/bin/python bench/morning.py --db sqlite --streams 400
    flock /tmp/team/bench.lock .venv/bin/python bench/morning.py --db postgresql --streams 1000 \\
        --fault restart-db

It seeds a throw-away event (60 proposals, 5 votes each, counts shown) on SQLite or
on a PostgreSQL cluster of its own (``initdb`` into a temporary folder: it may be
restarted), starts gunicorn with the project's gunicorn.conf.py (gevent; SQLite: 1
worker; PostgreSQL: 2 workers and a private redis-server, never the shared one).
400 phones join through the API over ``--join-seconds`` and open their board 1 s
later (``--streams`` beyond 400 are opened by projectors and laptops meanwhile;
each stream reconnects 3 s after a drop, as EventSource does); 100 phones poll the
board every 10 s with their ETag; the joined phones cast 2,000 votes over
``--seconds`` from 16 keep-alive connections, with 20 take-back-and-vote-again
pairs and 40 over-budget tries; a failed request is retried up to 5 times, after
its ``Retry-After``. Faults, in the middle of the voting:

- ``kill-worker``: ``kill -9`` one gunicorn worker (the master starts another);
- ``stop-redis``: the private redis-server is killed for 30 s, then restarted;
- ``kill-db-connections``: PostgreSQL terminates every connection of the app
  (``pg_terminate_backend``);
- ``restart-db``: the private PostgreSQL is stopped (``pg_ctl stop -m fast``: open
  transactions rolled back, every connection closed), stays away ``--db-down``
  seconds, and is started again; the report says when each kind of request was
  served again after its return.

It prints errors by status (a 503 without ``Retry-After`` apart), p50/p95/p99 per
request kind, vote-to-screen lag (from a vote's 2xx to the first state on a stream
that counts it), the time until every stream shows the final count, CPU seconds
and peak memory per process, and the integrity check (votes in the database =
acknowledged casts - acknowledged take-backs; nobody over budget). The JSON goes to
bench/results/; ``--matrix`` also writes the table there (morning-table.md).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import morning_client as client  # noqa: E402
import morning_report as report  # noqa: E402
import voting as setup  # noqa: E402  (free ports, database URLs, gunicorn start)
from morning_servers import FAULTS, Servers  # noqa: E402

SLUG = "bench-morning"
PROPOSALS, VOTERS, BUDGET = 60, 400, 5


def seed(url: str) -> tuple[str, list[int]]:
    """The organizer's part: the event and its 60 proposals; its join code and their ids.
    The 400 voters join through the API during the drill."""
    from datetime import date

    from edcamp import create_app
    from edcamp.accounts.service import create_organizer
    from edcamp.attendees.service import Profile, join_event
    from edcamp.events.service import EventDetails, create_event
    from edcamp.extensions import db
    from edcamp.proposals.service import ProposalText, create_proposal

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "REDIS_URL": None})
    with app.app_context():
        db.drop_all()
        db.create_all()
        organizer = create_organizer("bench@school.example.org", "bench-password-123")
        details = EventDetails(
            name="Morning", date=date(2026, 6, 13), timezone="UTC", votes_per_attendee=BUDGET
        )
        event = create_event(SLUG, details, by=organizer)
        proposer, _ = join_event(event, event.join_code, Profile(name="Proposer"))
        ids = [
            create_proposal(event, ProposalText(title=f"Session {n}"), by=proposer).id
            for n in range(PROPOSALS)
        ]
        code = event.join_code
        db.session.commit()
        db.engine.dispose()
    return code, ids


def plan(tokens: list[str], ids: list[int], seconds: float) -> list[client.Ballot]:
    """2,000 votes (every voter's whole budget, popular topics likelier), 20 of them
    taken back and cast again 3 s later, then 40 tries over budget."""
    rng = random.Random(7)
    weights = [1 / (rank + 1) ** 0.7 for rank in range(len(ids))]
    pairs, chosen_by = [], {}
    for token in tokens:
        chosen: set[int] = set()
        while len(chosen) < BUDGET:
            chosen.add(rng.choices(ids, weights)[0])
        pairs += [(token, proposal) for proposal in sorted(chosen)]
        chosen_by[token] = chosen
    rng.shuffle(pairs)
    step = seconds / len(pairs)
    ballots = [client.Ballot(k * step, t, p) for k, (t, p) in enumerate(pairs)]
    for k in rng.sample(range(len(pairs) // 2), 20):  # a few seconds after the vote
        ballots.append(
            client.Ballot(ballots[k].at + 3, ballots[k].token, ballots[k].proposal, True)
        )
    for token in rng.sample(tokens, 40):  # everyone has spent their budget by then
        other = rng.choice([p for p in ids if p not in chosen_by[token]])
        ballots.append(client.Ballot(seconds + 0.5, token, other))
    return sorted(ballots, key=lambda b: b.at)


async def arrive(args, port: int, code: str, record, streams, tasks) -> list[str]:
    """The morning's arrivals over ``--join-seconds``: 400 phones join through the API and
    open their board 1 s later; streams beyond 400 (projectors, laptops) open meanwhile.
    The voters' tokens, in the order they joined."""
    joined: list[str] = []

    async def phone(n: int) -> None:
        await asyncio.sleep(n * args.join_seconds / VOTERS)
        token = await client.join(port, SLUG, code, f"Teacher {n}", record)
        if token is None:
            return
        joined.append(token)
        if n < len(streams):
            await asyncio.sleep(1)
            tasks.append(asyncio.create_task(streams[n].run(port, SLUG, record)))

    async def viewer(n: int) -> None:
        await asyncio.sleep((n - VOTERS) * args.join_seconds / (len(streams) - VOTERS))
        tasks.append(asyncio.create_task(streams[n].run(port, SLUG, record)))

    await asyncio.gather(
        *(phone(n) for n in range(VOTERS)), *(viewer(n) for n in range(VOTERS, len(streams)))
    )
    await asyncio.wait_for(asyncio.gather(*(s.ready.wait() for s in streams)), 120)
    return joined


async def drill(args, servers: Servers, code: str, ids: list[int]) -> dict:
    record, faults = client.Record(), []
    streams = [client.Stream() for _ in range(args.streams)]
    tasks: list[asyncio.Task] = []
    tokens = await arrive(args, servers.port, code, record, streams, tasks)
    stop = asyncio.Event()
    tasks += [
        asyncio.create_task(client.poller(servers.port, SLUG, record, 10, stop)) for _ in range(100)
    ]
    queue: asyncio.Queue = asyncio.Queue()
    for ballot in plan(tokens, ids, args.seconds):
        queue.put_nowait(ballot)
    t0 = time.monotonic()
    voters = [
        asyncio.create_task(client.voter(servers.port, SLUG, queue, record, t0)) for _ in range(16)
    ]
    for _ in voters:
        queue.put_nowait(None)
    sampler = asyncio.create_task(report.sample_processes(servers.processes, stop))
    if args.fault != "none":
        await asyncio.sleep(args.seconds / 2)
        await servers.fault(args.fault, faults)
    await asyncio.gather(*voters)
    last_vote = max(record.acked_votes)
    final = setup.count_votes(servers.url)
    settled = await report.wait_for_final(streams, final, last_vote, args.settle)
    stop.set()
    usage = await sampler
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    lag = client.lags(streams, record.acked_changes, t0)
    result = report.summary(args, record, streams, lag, settled, final, usage, faults, servers.url)
    result["joined"] = len(tokens)
    if servers.returned_at is not None:
        result["after_db_return"] = report.after_return(record, streams, servers.returned_at)
    return result


# The table of docs/benchmarks.md, one command: `bench/morning.py --matrix`.
MATRIX = [
    ["--db", "sqlite", "--streams", "400"],
    ["--db", "postgresql", "--streams", "400"],
    ["--db", "postgresql", "--streams", "1000"],
    ["--db", "postgresql", "--streams", "2000"],
    ["--db", "postgresql", "--streams", "400", "--fault", "kill-worker"],
    ["--db", "postgresql", "--streams", "400", "--fault", "stop-redis"],
    ["--db", "postgresql", "--streams", "400", "--fault", "kill-db-connections"],
    ["--db", "postgresql", "--streams", "400", "--fault", "restart-db"],
]


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--streams", type=int, default=400)
    parser.add_argument("--seconds", type=float, default=90, help="how long the voting lasts")
    parser.add_argument("--join-seconds", type=float, default=30, help="the 400 joins take this")
    parser.add_argument("--settle", type=float, default=10, help="wait for the final count")
    parser.add_argument("--fault", choices=FAULTS, default="none")
    parser.add_argument("--db-down", type=float, default=0.0, help="restart-db: seconds away")
    parser.add_argument("--workers", type=int, default=0, help="default: 1 SQLite, 2 PostgreSQL")
    parser.add_argument("--interval", type=float, default=0.05, help="LIVE_MIN_INTERVAL")
    parser.add_argument("--tag", default="", help="added to the results file name")
    parser.add_argument(
        "--matrix",
        action="store_true",
        help="run every row of the benchmarks table (SQLite; PostgreSQL at 400, 1,000 and "
        "2,000 streams; each fault at 400), one after another, and print the table",
    )
    args = parser.parse_args(argv)
    args.workers = args.workers or (1 if args.db == "sqlite" else 2)
    return args


def matrix(args: argparse.Namespace) -> None:
    """Each row in a process of its own (a clean slate each time), then the table."""
    common = ["--seconds", str(args.seconds), "--join-seconds", str(args.join_seconds)]
    common += ["--interval", str(args.interval), "--tag", args.tag]
    files = []
    for row in MATRIX:
        subprocess.run([sys.executable, __file__, *row, *common], check=True)
        row_args = parse(row + common)
        files.append(setup.RESULTS / result_name(row_args))
    results = [json.loads(path.read_text()) for path in files]
    load = os.getloadavg()
    text = report.table(results) + (
        f"\n\nLoad average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}\n"
    )
    (setup.RESULTS / f"morning-table{args.tag}.md").write_text(text)
    print(text)


def result_name(args: argparse.Namespace) -> str:
    workers = "" if args.workers == (1 if args.db == "sqlite" else 2) else f"-w{args.workers}"
    return f"morning-{args.db}-{args.streams}-{args.fault}{workers}{args.tag}.json"


def main() -> None:
    args = parse()
    if args.matrix:
        matrix(args)
        return
    with tempfile.TemporaryDirectory(prefix="bench-morning-") as tmp:
        servers = Servers(args, Path(tmp))
        try:
            code, ids = seed(servers.url)
            servers.start()
            try:
                result = asyncio.run(drill(args, servers, code, ids))
            finally:
                servers.stop()
        finally:
            servers.destroy()
    result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    setup.RESULTS.mkdir(parents=True, exist_ok=True)
    (setup.RESULTS / result_name(args)).write_text(json.dumps(result, indent=2))
    print(report.render(result))


if __name__ == "__main__":
    main()
