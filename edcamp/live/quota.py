"""How many live streams one client may hold open (per worker process).

One anonymous client once held 300 board streams. Streams are counted per address and per
identity: the phones of a school behind one NAT address are told apart by their attendee
session, so only anonymous viewers share their address's budget.
"""

from __future__ import annotations

import threading
from collections import Counter

from flask import current_app, session
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user

from edcamp.errors import DomainError


class TooManyStreams(DomainError):
    status = 429
    code = "too_many_streams"


_open: Counter[str] = Counter()
_lock = threading.Lock()


def client_key() -> str:
    """This client: its address, and who it is signed in as (or "anonymous")."""
    attendees = sorted((session.get("attendees") or {}).values(), key=str)
    if attendees:
        who = "attendee:" + ",".join(map(str, attendees))
    elif hasattr(current_app, "login_manager") and current_user.is_authenticated:
        who = f"organizer:{current_user.get_id()}"
    else:
        who = "anonymous"
    return f"{get_remote_address()}|{who}"


def take_slot() -> str:
    """Count one more open stream for this client; TooManyStreams beyond the limit."""
    key = client_key()
    limit = int(current_app.config["LIVE_STREAMS_PER_CLIENT"])
    with _lock:
        if _open[key] >= limit:
            raise TooManyStreams(
                _("Too many live connections from this device. Close some tabs and reload.")
            )
        _open[key] += 1
    return key


def give_back(key: str) -> None:
    with _lock:
        _open[key] -= 1
        if _open[key] <= 0:
            del _open[key]


def open_streams(key: str) -> int:
    with _lock:
        return _open[key]
