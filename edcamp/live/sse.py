"""The HTTP side of live updates: a channel as a Server-Sent Events stream, and polling."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

from flask import Response, current_app, request

from edcamp.live import quota
from edcamp.live.broker import Message, Payload, Subscription, dumps
from edcamp.live.extension import get_broker

log = logging.getLogger(__name__)


def format_event(data: str, event: str | None = None) -> str:
    lines = [f"event: {event}"] if event else []
    lines += [f"data: {line}" for line in data.splitlines() or [""]]
    return "\n".join(lines) + "\n\n"


def sse_response(
    channel: str,
    current: Callable[[], Payload],
    *,
    render: Callable[[Payload], str] = dumps,
    view_key: Any = "default",
    event: str | None = None,
) -> Response:
    """Stream a channel as ``text/event-stream``.

    Sends ``retry:`` and the current state at once, then each new state (the
    frame built once per ``view_key`` however many readers share it), and a
    comment line as keepalive when the channel is quiet. ``current`` is called
    now, inside the request, unless this process already holds the channel's
    state for other readers; the broker may call it again, in an app context,
    to rebuild the channel for all its readers at once. No request or DB
    session is held while streaming. A reader that takes longer than
    ``LIVE_STALL_S`` to take one frame is cut off: its browser reconnects
    (or falls back to polling) and starts again from the current state.
    """
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    keepalive = float(app.config["LIVE_KEEPALIVE_S"])
    retry_ms = int(app.config["LIVE_RETRY_MS"])
    stall_s = float(app.config["LIVE_STALL_S"])

    def refresh() -> Payload:
        with app.app_context():
            return current()

    def frame(payload: Payload) -> bytes:
        return format_event(render(payload), event).encode()

    hub = get_broker().hub
    slot = quota.take_slot()  # 429 for a client already holding too many streams
    try:
        subscription = get_broker().subscribe(channel, refresh)
    except BaseException:
        quota.give_back(slot)
        raise
    try:
        state = hub.latest(channel)
        if state is None:
            state = current()
            hub.remember(channel, state)
        first = f"retry: {retry_ms}\n".encode() + frame(state)
    except BaseException:
        subscription.close()
        quota.give_back(slot)
        raise

    def chunks(message: Message) -> bytes:
        return message.rendered((view_key, event), frame)

    body = _stream(channel, subscription, first, chunks, keepalive=keepalive, stall_s=stall_s)
    headers = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}
    response = Response(body, mimetype="text/event-stream", headers=headers)
    # On close, not in the generator: a stream closed before its first read never runs it.
    response.call_on_close(lambda: quota.give_back(slot))
    return response


def _stream(
    channel: str,
    subscription: Subscription,
    first: bytes,
    chunk_of: Callable[[Message], bytes],
    *,
    keepalive: float,
    stall_s: float,
) -> Iterator[bytes]:
    """The first frame, then each message (a keepalive comment when quiet) until closed, or
    until a reader takes longer than ``stall_s`` to take one frame."""
    try:
        yield first
        while not subscription.closed:
            message = subscription.get(timeout=keepalive)
            chunk = b": keepalive\n\n" if message is None else chunk_of(message)
            started = time.monotonic()
            yield chunk
            if time.monotonic() - started > stall_s:
                log.info("live: closed a stream on %s that could not keep up", channel)
                return
    finally:
        subscription.close()


def etag_for(body: str) -> str:
    """The (unquoted) strong entity tag of a body."""
    return hashlib.blake2b(body.encode(), digest_size=12).hexdigest()


def conditional_json(payload: Payload, *, max_age: int = 0) -> Response:
    """JSON with a strong ETag; 304 when ``If-None-Match`` matches (polling)."""
    body = dumps(payload)
    tag = etag_for(body)
    cache = f"private, max-age={max_age}, must-revalidate"
    if request.if_none_match.contains(tag) or request.if_none_match.star_tag:
        response = Response(status=304)
    else:
        response = Response(body, mimetype="application/json")
    response.set_etag(tag)
    response.headers["Cache-Control"] = cache
    return response
