"""The morning drill's servers: gunicorn, a private redis-server and a private PostgreSQL
cluster (``tests/private_postgres.py``), and the faults that act on them (see morning.py).

Nothing shared is ever stopped: Redis and PostgreSQL are the drill's own, on ports of the
reliability range (9800-9899).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from pathlib import Path

import voting as setup  # noqa: E402  (free ports, gunicorn start)

from tests.private_postgres import PrivatePostgres, free_port

REDIS_PORT = 9890
FAULTS = ["none", "kill-worker", "stop-redis", "kill-db-connections", "restart-db"]


class Servers:
    """gunicorn (with a private redis-server and PostgreSQL) for one run."""

    def __init__(self, args, folder: Path) -> None:
        self.args, self.folder, self.redis, self.pg = args, folder, None, None
        self.returned_at: float | None = None  # the database back after restart-db
        if args.db == "postgresql":
            self.pg = PrivatePostgres(free_port(9850, 9879), durable=True).create()
            self.pg.psql("ALTER SYSTEM SET max_connections = 200")
            self.pg.stop()
            self.pg.start()
            self.url = self.pg.url
        else:
            self.url = setup.database_url("sqlite", folder)

    def start(self) -> None:
        os.environ["BENCH_WORKERS"] = str(self.args.workers)
        os.environ["LIVE_MIN_INTERVAL"] = str(self.args.interval)
        # Every drill stream comes from 127.0.0.1 without a session: one client to the quota.
        os.environ["LIVE_STREAMS_PER_CLIENT"] = str(self.args.streams + 100)
        os.environ["GUNICORN_WORKER_CONNECTIONS"] = str(2 * self.args.streams + 1000)
        if self.args.db == "postgresql":
            self.start_redis()
            setup.REDIS = f"redis://127.0.0.1:{REDIS_PORT}/0"
            setup.redis_up = lambda: True
        else:
            setup.redis_up = lambda: False  # SQLite: the embedded default, no Redis
        self.port = setup.free_port()
        self.gunicorn = setup.start_gunicorn(self.url, self.folder, self.port)

    def start_redis(self) -> None:
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
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
        if self.pg is not None:
            pidfile = self.pg.data / "postmaster.pid"
            if pidfile.exists():
                found["postgres (postmaster)"] = int(pidfile.read_text().split()[0])
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
            ended = self.pg.psql(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = 'edcamp' AND pid <> pg_backend_pid()"
            )
            log.append(f"pg_terminate_backend: {ended} connections")
        elif kind == "restart-db":
            await self.restart_db(log)

    async def restart_db(self, log: list[str]) -> None:
        """``pg_ctl stop -m fast``, away ``--db-down`` seconds, ``pg_ctl start``."""
        loop = asyncio.get_running_loop()
        started = time.monotonic()
        stopped = await loop.run_in_executor(None, self.pg.stop, "fast")
        await asyncio.sleep(self.args.db_down)
        self.returned_at = await loop.run_in_executor(None, self.pg.start)
        log.append(
            f"PostgreSQL stopped (-m fast, {stopped - started:.2f} s) and started again: "
            f"down {self.returned_at - stopped:.2f} s"
        )

    def stop(self) -> None:
        self.gunicorn.terminate()
        self.gunicorn.wait(30)
        if self.redis is not None:
            self.redis.kill()

    def destroy(self) -> None:
        if self.pg is not None:
            self.pg.destroy()
