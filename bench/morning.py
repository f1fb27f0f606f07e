"""The morning drill: an Edcamp's morning against a real server, with faults on demand.

    flock /tmp/team/bench.lock .venv/bin/python bench/morning.py --db sqlite --streams 400
    flock /tmp/team/bench.lock .venv/bin/python bench/morning.py --db postgresql --streams 1000 \\
        --fault stop-redis

It seeds a throw-away event (60 proposals, 400 voters with 5 votes each, counts
shown), starts gunicorn with the project's gunicorn.conf.py (gevent; SQLite: 1
worker; PostgreSQL: 2 workers and a private redis-server, never the shared one),
opens ``--streams`` board streams (each reconnects 3 s after a drop, as
EventSource does), lets 100 phones poll the board every 10 s with their ETag,
and casts 2,000 votes over ``--seconds`` from 16 keep-alive connections, with 20
take-back-and-vote-again pairs and 40 over-budget tries; a failed request is
retried up to 5 times. Faults, in the middle of the voting:

- ``kill-worker``: ``kill -9`` one gunicorn worker (the master starts another);
- ``stop-redis``: the private redis-server is killed for 30 s, then restarted;
- ``kill-db-connections``: PostgreSQL terminates every connection of the app
  (``pg_terminate_backend``), as a restart does, without disturbing other users
  of the shared server.

It prints errors by status, p50/p95/p99 per request kind, vote-to-screen lag
(from a vote's 2xx to the first state on a stream that counts it), the time
until every stream shows the final count, CPU seconds and peak memory per
process, and the integrity check (votes in the database = acknowledged casts -
acknowledged take-backs; nobody over budget). The JSON goes to bench/results/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
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

SLUG = "bench-morning"
PROPOSALS, VOTERS, BUDGET = 60, 400, 5
REDIS_PORT = 8131  # the reliability engineer's range: a private redis-server


def seed(url: str) -> tuple[list[str], list[int]]:
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
        tokens = [
            join_event(event, event.join_code, Profile(name=f"V{n}"))[1] for n in range(VOTERS)
        ]
        db.session.commit()
    return tokens, ids


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


class Servers:
    """gunicorn (and a private redis-server) for one run; faults act on them."""

    def __init__(self, args, folder: Path) -> None:
        self.args, self.folder, self.redis = args, folder, None
        self.url = setup.database_url(args.db, folder)

    def start(self) -> None:
        os.environ["BENCH_WORKERS"] = str(self.args.workers)
        os.environ["LIVE_MIN_INTERVAL"] = str(self.args.interval)
        # Every drill stream comes from 127.0.0.1 without a session: one client to the quota.
        os.environ["LIVE_STREAMS_PER_CLIENT"] = str(self.args.streams + 100)
        os.environ["GUNICORN_WORKER_CONNECTIONS"] = str(2 * self.args.streams + 1000)
        if self.args.db == "postgresql":
            self.start_redis()
            setup.REDIS = f"redis://127.0.0.1:{REDIS_PORT}/0"
        else:
            setup.redis_up = lambda: False  # SQLite: the embedded default, no Redis
        self.port = setup.free_port()
        self.gunicorn = setup.start_gunicorn(self.url, self.folder, self.port)

    def start_redis(self) -> None:
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            cwd=self.folder,
        )
        time.sleep(0.3)

    def workers(self) -> list[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.gunicorn.pid)], capture_output=True, text=True
        )
        return [int(pid) for pid in out.stdout.split()]

    def processes(self) -> dict[str, int]:
        found = {"gunicorn master": self.gunicorn.pid}
        found |= {f"worker {pid}": pid for pid in self.workers()}
        if self.redis is not None:
            found["redis"] = self.redis.pid
        return found

    async def fault(self, kind: str, log: list[str]) -> None:
        if kind == "kill-worker":
            victim = self.workers()[0]
            os.kill(victim, signal.SIGKILL)
            log.append(f"kill -9 worker {victim}")
        elif kind == "stop-redis":
            self.redis.kill()
            log.append("redis-server killed")
            await asyncio.sleep(30)
            self.start_redis()
            log.append("redis-server started again after 30 s")
        elif kind == "kill-db-connections":
            sql = (
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = 'bench_voting' AND pid <> pg_backend_pid()"
            )
            out = subprocess.run(
                ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-tAc", sql],
                capture_output=True,
                text=True,
            )
            log.append(f"pg_terminate_backend: {out.stdout.strip()} connections")

    def stop(self) -> None:
        self.gunicorn.terminate()
        self.gunicorn.wait(30)
        if self.redis is not None:
            self.redis.kill()


async def drill(args, servers: Servers, tokens, ids) -> dict:
    record, faults = client.Record(), []
    streams = [client.Stream() for _ in range(args.streams)]
    tasks = []
    for stream in streams:
        tasks.append(asyncio.create_task(stream.run(servers.port, SLUG, record)))
        await asyncio.sleep(args.join_seconds / args.streams)
    await asyncio.wait_for(asyncio.gather(*(s.ready.wait() for s in streams)), 120)
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
    return report.summary(args, record, streams, lag, settled, final, usage, faults, servers.url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--streams", type=int, default=400)
    parser.add_argument("--seconds", type=float, default=180, help="how long the voting lasts")
    parser.add_argument("--join-seconds", type=float, default=30, help="streams open over this")
    parser.add_argument("--settle", type=float, default=10, help="wait for the final count")
    parser.add_argument(
        "--fault",
        choices=["none", "kill-worker", "stop-redis", "kill-db-connections"],
        default="none",
    )
    parser.add_argument("--workers", type=int, default=0, help="default: 1 SQLite, 2 PostgreSQL")
    parser.add_argument("--interval", type=float, default=0.15, help="LIVE_MIN_INTERVAL")
    parser.add_argument("--tag", default="", help="added to the results file name")
    args = parser.parse_args()
    args.workers = args.workers or (1 if args.db == "sqlite" else 2)
    with tempfile.TemporaryDirectory(prefix="bench-morning-") as tmp:
        servers = Servers(args, Path(tmp))
        tokens, ids = seed(servers.url)
        servers.start()
        try:
            result = asyncio.run(drill(args, servers, tokens, ids))
        finally:
            servers.stop()
    name = f"morning-{args.db}-{args.streams}-{args.fault}{args.tag}.json"
    setup.RESULTS.mkdir(parents=True, exist_ok=True)
    (setup.RESULTS / name).write_text(json.dumps(result, indent=2))
    print(report.render(result))


if __name__ == "__main__":
    main()
