"""The broker as a Flask extension: chosen from the app's configuration, one per app."""

from __future__ import annotations

import hashlib

from flask import Flask, current_app, has_app_context

from edcamp.live.broker import Broker, InProcessBroker, PayloadSource, Subscription
from edcamp.live.redis_broker import RedisBroker

EXTENSION_KEY = "edcamp.live"

_fallback = InProcessBroker(min_interval=0.0)


def init_app(app: Flask) -> None:
    """Create the broker the configuration asks for (``edcamp.config`` sets the defaults)."""
    interval = float(app.config["LIVE_MIN_INTERVAL"])
    fan_out = {
        # edcamp.config sets them; an app without them (a bare test app) is not throttled
        "frame_cost": float(app.config.get("LIVE_FRAME_COST_S", 0.0)),
        "fan_out_share": float(app.config.get("LIVE_FAN_OUT_SHARE", 0.5)),
    }
    url = app.config.get("REDIS_URL")
    database = str(app.config.get("SQLALCHEMY_DATABASE_URI", ""))
    # Pub/sub ignores Redis database numbers: apps on different databases stay apart.
    namespace = app.config.get("LIVE_NAMESPACE") or _digest(database)
    broker: Broker = (
        RedisBroker(
            url,
            interval,
            namespace=namespace,
            max_backoff=float(app.config["LIVE_REDIS_RETRY_S"]),
            poll_interval=float(app.config["LIVE_FALLBACK_POLL_S"]),
            **fan_out,
        )
        if url
        else InProcessBroker(interval, **fan_out)
    )
    app.extensions[EXTENSION_KEY] = broker
    if isinstance(broker, RedisBroker) and app.config.get("RATELIMIT_STORAGE_URI") == url:
        broker.on_recovered.append(_limiter_back_on_redis)


def _limiter_back_on_redis() -> None:
    """Redis is back: the limiter counts there again at once (shared by all workers).

    Flask-Limiter falls back to memory while its storage is down and looks at the storage
    again with exponential back-off (1, 2, 4 ... 32 s); the broker's subscription notices
    Redis within ``LIVE_REDIS_RETRY_S``. Should Redis fail again, the limiter falls back
    again by itself.
    """
    from edcamp.extensions import limiter

    if getattr(limiter, "_storage_dead", False):
        limiter._storage_dead = False


def get_broker() -> Broker:
    if has_app_context() and EXTENSION_KEY in current_app.extensions:
        return current_app.extensions[EXTENSION_KEY]
    return _fallback


def publish(channel: str, payload: PayloadSource) -> None:
    """Send a channel's new state (a dict, or a callable building it later)."""
    get_broker().publish(channel, payload)


def subscribe(channel: str) -> Subscription:
    return get_broker().subscribe(channel)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=5).hexdigest()
