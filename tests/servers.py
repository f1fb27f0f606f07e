"""gunicorn as production runs it, for tests that need real worker processes.

``with gunicorn(app, **env) as server:`` starts ``gunicorn -c gunicorn.conf.py wsgi:app``
(gevent workers, the repo's settings) on the test database and a free port, waits until
``/healthz`` answers, and stops it afterwards. Each worker keeps its own caches, pools and
live broker, which is what the multi-worker tests are about.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log: IO[bytes]
    host: str | None = None  # the Host header sent by default (else the bound address)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-3000:]

    def request(
        self, method: str, path: str, *, host: str | None = None, headers=None, body=None
    ) -> tuple[int, dict[str, str], bytes]:
        """One request with any Host header (default: ``self.host`` or the bound address)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", host or self.host or f"127.0.0.1:{self.port}")
            for name, value in (headers or {}).items():
                connection.putheader(name, value)
            if body is not None:
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body)
            answer = connection.getresponse()
            return answer.status, dict(answer.getheaders()), answer.read()
        finally:
            connection.close()


def wait_healthy(server: Server, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"gunicorn exited: {server.log_tail()}")
        try:
            if server.request("GET", "/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not become healthy: {server.log_tail()}")


@contextmanager
def gunicorn(
    app, *, workers: int = 2, host: str | None = None, **env: str | None
) -> Iterator[Server]:
    """gunicorn with ``workers`` workers on ``app``'s database and secret key. ``env``
    overrides the environment (``None`` removes a variable); ``{port}`` in a value becomes
    the chosen port (e.g. ``EDCAMP_BASE_URL="http://127.0.0.1:{port}"``). ``host``: the
    Host header of ``Server.request`` and the health check (with TRUSTED_HOSTS set)."""
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "SECRET_KEY": app.config["SECRET_KEY"],
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_LOG_LEVEL": "warning",
        "GUNICORN_GRACEFUL_TIMEOUT": "1",
    }
    for key, value in env.items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value.replace("{port}", str(port))
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        server = Server(port, process, log, host)
        try:
            wait_healthy(server)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
