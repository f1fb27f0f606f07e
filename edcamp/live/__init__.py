"""Live updates: publish a channel's latest state, subscribe to it, stream it as SSE.

- ``broker``: channels, latest-wins subscriptions, coalescing; ``InProcessBroker``
  serves the readers of this process only (one worker).
- ``redis_broker``: ``RedisBroker`` (``REDIS_URL`` set) fans out across workers.
- ``sse``: the HTTP side, streams (``sse_response``) and polling (``conditional_json``).

Views and services use the functions here; the backend comes from the app's config.
"""

from __future__ import annotations

from edcamp.live.broker import (
    Broker,
    InProcessBroker,
    Message,
    Payload,
    PayloadSource,
    Subscription,
    dumps,
)
from edcamp.live.extension import EXTENSION_KEY, get_broker, init_app, publish, subscribe
from edcamp.live.redis_broker import RedisBroker
from edcamp.live.sse import conditional_json, etag_for, format_event, sse_response

__all__ = [
    "EXTENSION_KEY",
    "Broker",
    "InProcessBroker",
    "Message",
    "Payload",
    "PayloadSource",
    "RedisBroker",
    "Subscription",
    "conditional_json",
    "dumps",
    "etag_for",
    "format_event",
    "get_broker",
    "init_app",
    "publish",
    "sse_response",
    "subscribe",
]
