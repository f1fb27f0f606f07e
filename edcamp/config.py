"""Configuration, layered: defaults, then the environment, then the caller's override."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import Any


def _secret_key(instance_path: Path) -> str:
    """A random key generated once and kept in the instance folder, so sessions survive
    restarts. Created with O_EXCL: several workers starting at once agree on one key."""
    key_file = instance_path / "secret_key"
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another worker may be writing it right now
            key = key_file.read_text().strip()
            if key:
                return key
            time.sleep(0.01)
        raise RuntimeError(f"{key_file} is empty: delete it to generate a new key") from None
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def _database_url(url: str) -> str:
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants an explicit driver.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


LIVE_DEFAULTS: dict[str, Any] = {
    # Live updates (edcamp.live): at most one build per channel every interval (the
    # first change at once), a keepalive comment on quiet streams, the SSE retry delay.
    "LIVE_MIN_INTERVAL": 0.05,
    # The fan-out to a worker's streams: writing one frame to one stream costs about
    # LIVE_FRAME_COST_S of CPU (bench/fanout_cost.py); a channel's states go out at most
    # every streams x cost / share seconds, so the fan-out takes at most that share of a
    # core: 200 streams about every 24 ms, 1,000 every 120 ms (the first change at once).
    "LIVE_FRAME_COST_S": 60e-6,
    "LIVE_FAN_OUT_SHARE": 0.5,
    "LIVE_KEEPALIVE_S": 15.0,
    "LIVE_RETRY_MS": 3000,
    # A reader that takes longer than this to take one frame is cut off (it reconnects).
    "LIVE_STALL_S": 10.0,
    # Open streams one client (address + who it is signed in as) may hold, per worker.
    "LIVE_STREAMS_PER_CLIENT": 50,
    # While Redis is unreachable each worker rebuilds its open channels this often
    # (changes made by other workers still arrive) and retries Redis at most this often.
    "LIVE_FALLBACK_POLL_S": 0.5,
    "LIVE_REDIS_RETRY_S": 1.0,
}


ACCOUNT_AND_MAIL_DEFAULTS: dict[str, Any] = {
    # Outgoing mail (edcamp.mail): unset MAIL_URL keeps every mail in the outbox.
    "MAIL_URL": None,
    "MAIL_FROM": "edcamp <edcamp@localhost>",
    "MAIL_CA_FILE": None,  # a CA bundle for an SMTP server with a private certificate
    "MAIL_SENDER_THREAD": True,  # each web worker delivers the outbox in the background
    "MAIL_POLL_S": 5.0,
    # Who may create an organizer account on the web: open, invite or closed.
    "EDCAMP_SIGNUP": "invite",
    # "Did you try it?": days after the event; how often the sender's loop looks (seconds).
    "LEARNING_TRY_IT_DAYS": 30,
    "LEARNING_JOB_INTERVAL_S": 300.0,
}


def _account_and_mail_from(env, config: dict[str, Any]) -> None:
    for key in ("MAIL_URL", "MAIL_FROM", "MAIL_CA_FILE"):
        if env.get(key):
            config[key] = env[key]
    if env.get("MAIL_SENDER_THREAD", "").lower() in ("0", "false", "no"):
        config["MAIL_SENDER_THREAD"] = False
    if env.get("EDCAMP_SIGNUP"):
        config["EDCAMP_SIGNUP"] = env["EDCAMP_SIGNUP"].strip().lower()
    if env.get("LEARNING_TRY_IT_DAYS", "").isdigit():
        config["LEARNING_TRY_IT_DAYS"] = int(env["LEARNING_TRY_IT_DAYS"])


def _check_signup_policy(policy: str) -> None:
    if policy not in ("open", "invite", "closed"):
        raise RuntimeError(f"EDCAMP_SIGNUP must be open, invite or closed, not {policy!r}")


def load(instance_path: Path, override: dict[str, Any] | None = None) -> dict[str, Any]:
    """Defaults, then the environment, then the override (tests); then what follows."""
    instance_path.mkdir(parents=True, exist_ok=True)
    env = os.environ
    config: dict[str, Any] = {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance_path / 'edcamp.sqlite'}",
        "REDIS_URL": None,
        "PROXY_HOPS": 0,  # how many reverse proxies in front set X-Forwarded-* headers
        "EDCAMP_BASE_URL": None,
        # Host names the app answers (Flask's check; others get a 400). Unset, and without
        # EDCAMP_BASE_URL, only this machine's own names and addresses (edcamp.hosts).
        "TRUSTED_HOSTS": None,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 365,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,  # a phone left open all morning must still submit
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "LOGIN_ATTEMPTS": "10 per 5 minutes",
        # Requests to connect one attendee may send per hour (edcamp.connections).
        "CONNECTION_REQUESTS_PER_HOUR": 10,
        **ACCOUNT_AND_MAIL_DEFAULTS,
        # Gettext catalogs (edcamp.i18n): a language is offered once its messages.mo is here.
        "BABEL_TRANSLATION_DIRECTORIES": str(Path(__file__).resolve().parent / "translations"),
        # WTForms' own messages ("This field is required.") from WTForms' catalogs, in the
        # page's language (pt-BR falls back to its pt).
        "WTF_I18N_ENABLED": True,
        **LIVE_DEFAULTS,
        "LIVE_NAMESPACE": None,  # Redis channel prefix; default: derived from the database
        # How long a worker trusts the published version it looked up (feeds, public pages);
        # the worker that publishes shows the new one at once, the others within this.
        "EDCAMP_FEED_VERSION_TTL": 2.0,
        # Accept the reserved .test domain (RFC 2606) in email addresses: for test suites.
        "EMAIL_TEST_DOMAINS": False,
        # /metrics answers only with "Authorization: Bearer <METRICS_TOKEN>"; unset: 404.
        "METRICS_TOKEN": env.get("METRICS_TOKEN") or None,
        # Set (an empty folder, before the workers start): metrics summed over workers.
        "PROMETHEUS_MULTIPROC_DIR": env.get("PROMETHEUS_MULTIPROC_DIR") or None,
    }
    _from_environment(env, config)
    config.update(override or {})
    _shared_limiter(config, override or {})
    _check_signup_policy(config["EDCAMP_SIGNUP"])
    _database_pools(env, config)
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = env.get("SECRET_KEY") or _secret_key(instance_path)
    return config


def _from_environment(env, config: dict[str, Any]) -> None:
    """The deployment's own settings: environment variables over the defaults."""
    if env.get("DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = _database_url(env["DATABASE_URL"])
    if env.get("REDIS_URL"):
        config["REDIS_URL"] = env["REDIS_URL"]
    if env.get("LIVE_MIN_INTERVAL"):
        config["LIVE_MIN_INTERVAL"] = float(env["LIVE_MIN_INTERVAL"])
    if env.get("LIVE_STREAMS_PER_CLIENT", "").isdigit():
        config["LIVE_STREAMS_PER_CLIENT"] = int(env["LIVE_STREAMS_PER_CLIENT"])
    if env.get("PROXY_HOPS", "").isdigit():
        config["PROXY_HOPS"] = int(env["PROXY_HOPS"])
    if env.get("CONNECTION_REQUESTS_PER_HOUR", "").isdigit():
        config["CONNECTION_REQUESTS_PER_HOUR"] = int(env["CONNECTION_REQUESTS_PER_HOUR"])
    if env.get("EDCAMP_BASE_URL"):
        config["EDCAMP_BASE_URL"] = env["EDCAMP_BASE_URL"].rstrip("/")
    if env.get("TRUSTED_HOSTS", "").strip():
        config["TRUSTED_HOSTS"] = trusted_hosts(env["TRUSTED_HOSTS"])
    _account_and_mail_from(env, config)
    if env.get("FORCE_HTTPS", "").lower() in ("1", "true", "yes"):
        config["FORCE_HTTPS"] = True  # behind TLS: redirect plain HTTP (never the default)
    if env.get("SESSION_COOKIE_SECURE", "").lower() in ("1", "true", "yes"):
        config["SESSION_COOKIE_SECURE"] = True
        config["REMEMBER_COOKIE_SECURE"] = True


def trusted_hosts(value: str) -> list[str]:
    """``edcamp.example.org, .school.org`` -> names for Flask's TRUSTED_HOSTS (a leading dot
    also matches subdomains; a port is ignored)."""
    return [name.strip().lower() for name in value.split(",") if name.strip()]


def _shared_limiter(config: dict[str, Any], override: dict[str, Any]) -> None:
    if config["REDIS_URL"] and "RATELIMIT_STORAGE_URI" not in override:
        # Counters shared by all workers. If Redis goes away the limiter counts in each
        # process's memory until it is back, instead of failing the request (sign-in).
        config["RATELIMIT_STORAGE_URI"] = config["REDIS_URL"]
        config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
        config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 0.5, "socket_timeout": 1}
        )


def _database_pools(env, config: dict[str, Any]) -> None:
    if not config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        return
    # Per worker process. A gevent worker runs many requests at once: connections
    # beyond the pool are opened and closed per request, which costs PostgreSQL more
    # than most requests do. Votes go in batches, one batch at a time per worker, on a
    # small pool of their own (edcamp.database): 2 workers x (10 + 10 + 2) stays well
    # under PostgreSQL's default max_connections of 100.
    pool_size = int(env.get("DATABASE_POOL_SIZE") or 10)
    config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS",
        {"pool_pre_ping": True, "pool_size": pool_size, "max_overflow": pool_size},
    )
    config.setdefault("AUTOCOMMIT_POOL_SIZE", int(env.get("DATABASE_VOTE_POOL_SIZE") or 2))
