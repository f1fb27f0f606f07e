"""Vote throughput through the real endpoint vs a bare endpoint, same gunicorn, one run.

    .venv/bin/python bench/voting.py                      # SQLite and PostgreSQL
    .venv/bin/python bench/voting.py --db sqlite --duration 8

For each database it builds a throw-away event (40 proposals, 2,500 attendees with
50 votes each, so every request is a new vote), starts gunicorn with the
project's `gunicorn.conf.py` (gevent workers: its default count, one for SQLite and
one per core for PostgreSQL, or BENCH_WORKERS; Redis fan-out when a Redis answers on
127.0.0.1:6379), and loads it with `wrk` in alternating
rounds: `POST /api/v1/events/<slug>/proposals/<id>/vote` with a bearer token, and
`POST /bench/bare`, a route added to the same app that returns a constant JSON
body (no database). The median of the rounds is reported with the ratio real/bare.
Each round and wrk thread starts at its own place in a shuffled list of (attendee,
proposal) pairs, so every request is a new vote; afterwards the database must hold
the votes wrk saw accepted, plus at most the requests still in flight when each
round ended (one per connection).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
SLUG = "bench-voting"
PROPOSALS, ATTENDEES, VOTES_EACH = 40, 2500, 50
REDIS = "redis://127.0.0.1:6379/13"
APP_MODULE = """
from edcamp import create_app
from edcamp.extensions import csrf

app = create_app()


@app.post("/bench/bare")
@csrf.exempt
def bare():
    return {"votes_left": 3, "voted": True}
"""
LUA = """
local pairs_ = {}
local index = 0
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
end
function init(args)
  for line in io.lines("%(pairs)s") do
    local token, pid = line:match("([^ ]+) ([^ ]+)")
    table.insert(pairs_, {token, pid})
  end
  -- every round and thread starts on pairs no earlier round used: each request is a new vote
  index = (tonumber(args[1]) * 2 + id - 1) * %(segment)d
end
function request()
  index = index %% #pairs_ + 1
  local p = pairs_[index]
  return wrk.format("POST", "/api/v1/events/%(slug)s/proposals/" .. p[2] .. "/vote",
    {["Authorization"] = "Bearer " .. p[1], ["Content-Length"] = "0"})
end
"""
BARE_LUA = """
function request()
  return wrk.format("POST", "/bench/bare",
    {["Authorization"] = "Bearer att_0123456789012345678901234567890123456789",
     ["Content-Length"] = "0"})
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


def database_url(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{folder / 'bench.sqlite'}"
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", "test", "-q", "-c"]
    subprocess.run([*psql, "DROP DATABASE IF EXISTS bench_voting WITH (FORCE)"], check=True)
    subprocess.run([*psql, "CREATE DATABASE bench_voting"], check=True)
    return "postgresql+psycopg://postgres@127.0.0.1:5432/bench_voting"


def seed(url: str, folder: Path) -> Path:
    from datetime import date

    from edcamp import create_app
    from edcamp.accounts.service import create_organizer
    from edcamp.attendees.service import Profile, join_event
    from edcamp.events.service import EventDetails, create_event
    from edcamp.extensions import db
    from edcamp.proposals.service import ProposalText, create_proposal

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        organizer = create_organizer("bench@school.example.org", "bench-password-123")
        event = create_event(
            SLUG,
            EventDetails(
                name="Bench", date=date(2026, 6, 13), timezone="UTC", votes_per_attendee=VOTES_EACH
            ),
            by=organizer,
        )
        proposer, _ = join_event(event, event.join_code, Profile(name="Proposer"))
        ids = [
            create_proposal(event, ProposalText(title=f"Session {n}"), by=proposer).id
            for n in range(PROPOSALS)
        ]
        tokens = [
            join_event(event, event.join_code, Profile(name=f"A{n}"))[1] for n in range(ATTENDEES)
        ]
        db.session.commit()
    pairs = [(t, p) for t in tokens for p in ids]
    random.Random(3).shuffle(pairs)
    path = folder / "pairs.txt"
    path.write_text("".join(f"{t} {p}\n" for t, p in pairs))
    return path


def count_votes(url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM votes")).scalar_one()
    engine.dispose()
    return count


def start_gunicorn(url: str, folder: Path, port: int) -> subprocess.Popen:
    (folder / "bench_app.py").write_text(APP_MODULE)
    env = {
        **os.environ,
        "PYTHONPATH": f"{folder}:{ROOT}",
        "DATABASE_URL": url,
        "SECRET_KEY": "bench",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    env.pop("REDIS_URL", None)
    env.pop("WEB_CONCURRENCY", None)
    if os.environ.get("BENCH_WORKERS"):
        env["WEB_CONCURRENCY"] = os.environ["BENCH_WORKERS"]
    if redis_up():
        env["REDIS_URL"] = REDIS
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), "bench_app:app"],
        cwd=folder,
        env=env,
    )
    for _ in range(150):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("gunicorn did not start")


def wrk(port: int, script: Path, seconds: int, connections: int, offset: int = 0) -> dict:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "20s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
            "--",
            str(offset),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {
        "rate": rate,
        "requests": total,
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def run(kind: str, seconds: int, rounds: int, connections: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-voting-") as tmp:
        folder = Path(tmp)
        url = database_url(kind, folder)
        pairs = seed(url, folder)
        vote_lua = folder / "vote.lua"
        # each wrk thread of each round gets its own stretch of never-used pairs
        segment = PROPOSALS * ATTENDEES // (2 * rounds)
        vote_lua.write_text(LUA % {"pairs": pairs, "slug": SLUG, "segment": segment})
        bare_lua = folder / "bare.lua"
        bare_lua.write_text(BARE_LUA)
        port = free_port()
        server = start_gunicorn(url, folder, port)
        try:
            wrk(port, bare_lua, 2, connections)  # warm-up
            real, bare = [], []
            for number in range(rounds):
                real.append(wrk(port, vote_lua, seconds, connections, number))
                bare.append(wrk(port, bare_lua, seconds, connections))
        finally:
            server.terminate()
            server.wait(20)
        stored = count_votes(url)
    accepted = sum(r["requests"] - r["non_2xx"] for r in real)
    real_rate = statistics.median(r["rate"] for r in real)
    bare_rate = statistics.median(r["rate"] for r in bare)
    return {
        "db": kind,
        "votes_per_s": round(real_rate, 1),
        "bare_per_s": round(bare_rate, 1),
        "ratio": round(real_rate / bare_rate, 3),
        "rounds": rounds,
        "seconds": seconds,
        "connections": connections,
        "non_2xx": sum(r["non_2xx"] for r in real),
        "votes_stored": stored,
        "votes_accepted": accepted,
        # wrk stops counting with requests still in flight, which the server completes
        "in_flight": rounds * connections,
        "redis": redis_up(),
    }


def ok(result: dict) -> bool:
    return 0 <= result["votes_stored"] - result["votes_accepted"] <= result["in_flight"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    results = [run(kind, args.duration, args.rounds, args.connections) for kind in kinds]
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "voting.json").write_text(json.dumps(results, indent=2))
    print(
        "| database | votes/s (real endpoint) | bare endpoint/s | ratio (target >= 0.35) |"
        " non-2xx | votes stored = accepted |"
    )
    print("|---|---:|---:|---:|---:|---|")
    for r in results:
        print(
            f"| {r['db']} | {r['votes_per_s']} | {r['bare_per_s']} | {r['ratio']} | "
            f"{r['non_2xx']} | {r['votes_stored']} = {r['votes_accepted']} (+ <= "
            f"{r['in_flight']} in flight): {'ok' if ok(r) else 'MISMATCH'} |"
        )


if __name__ == "__main__":
    main()
