"""Gunicorn settings for edcamp: `gunicorn wsgi:app` picks this file up.

Gevent workers, because a sync worker is held for as long as one board or
"happening now" stream stays open. Every setting can be overridden from the
environment (or on the command line).
"""

import os

bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT', '8000')}"


def _default_workers() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url or url.startswith("sqlite"):
        # SQLite takes one writer at a time: one gevent worker (thousands of connections)
        # serves it best; several processes only queue on the file lock.
        return 1
    return os.cpu_count() or 2


workers = int(os.environ.get("WEB_CONCURRENCY") or _default_workers())
worker_class = "gevent"
# Open streams count as connections: 300 boards fit many times over.
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", "2000"))
# With gevent the timeout watches the worker's heartbeat, not each request,
# so a stream open for hours is fine; a blocked event loop is not.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# Streams never finish by themselves: on restart give them a moment, then
# drop them (browsers reconnect after the SSE `retry:` delay).
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "10"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Not preloaded: each worker imports the app after gevent's monkey-patching
# and opens its own Redis subscriber and database pool.
preload_app = False
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server) -> None:
    if workers > 1 and not os.environ.get("REDIS_URL"):
        server.log.warning(
            "%d workers without REDIS_URL: live boards only hear of votes taken by their own "
            "worker. Set REDIS_URL, or WEB_CONCURRENCY=1.",
            workers,
        )


def post_worker_init(worker) -> None:
    # Each worker delivers the outbox in the background: `gunicorn wsgi:app` alone sends mail.
    from edcamp.mail.background import start_sender

    start_sender(worker.wsgi)
