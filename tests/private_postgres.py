"""A PostgreSQL cluster of one's own, to stop and start at will (never the shared server).

``initdb`` into a temporary folder, a port of the reliability range (9800-9899), trust
authentication on 127.0.0.1 only. PostgreSQL refuses to run as root: when we are root,
the cluster's programs run as the ``postgres`` user. Used by the database-restart tests
(``tests/operations/test_database_restart.py``) and by ``bench/morning.py``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

BIN = Path(os.environ.get("EDCAMP_PG_BIN", "/usr/lib/postgresql/15/bin"))


def available() -> bool:
    """Whether this machine can run a cluster of its own."""
    if not (BIN / "initdb").exists() or not (BIN / "pg_ctl").exists():
        return False
    if os.geteuid() == 0:
        return shutil.which("runuser") is not None and _user_exists("postgres")
    return True


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def free_port(first: int, last: int) -> int:
    for port in range(first, last + 1):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {first}-{last}")


class PrivatePostgres:
    """One cluster: ``start``, ``stop``, ``restart``; ``url`` of its database ``edcamp``."""

    def __init__(self, port: int, *, durable: bool = True) -> None:
        self.port = port
        self.durable = durable  # fsync on (a drill); off is faster and still survives a restart
        self.folder = Path(tempfile.mkdtemp(prefix="edcamp-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/edcamp"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def create(self) -> PrivatePostgres:
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")
        self.start()
        self.psql("CREATE DATABASE edcamp")
        return self

    def start(self) -> float:
        """Start and wait until it accepts connections; the time.monotonic() it did."""
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}"
        if not self.durable:
            options += " -c fsync=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        return time.monotonic()

    def stop(self, mode: str = "fast") -> float:
        """Stop (``fast``: roll back open transactions, end every connection; ``immediate``:
        no shutdown checkpoint, recovery from the WAL at the next start); when it was down."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")
        return time.monotonic()

    def running(self) -> bool:
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0

    def psql(self, sql: str) -> str:
        out = self._run(
            "psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", "postgres",
            "-tAc", sql,
        )  # fmt: skip
        return out.stdout.strip()

    def destroy(self) -> None:
        if self.running():
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
