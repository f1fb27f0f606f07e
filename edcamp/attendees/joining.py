"""Who may join, how fast: throttles on joins and code look-ups, and the organizers' controls.

Joins are limited per address and per event. The per-address budget is generous on purpose:
a whole school behind one NAT address (400 people in five minutes) must get in, so it bounds
a script's rate rather than stopping a class. Wrong codes are the guesser's signal: only
failed look-ups count against the (much smaller) code budget, per address. Organizers watch
joins per minute and can close joining or rotate the code when something looks wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from sqlalchemy import select

from edcamp.errors import Forbidden
from edcamp.events.service import new_join_code
from edcamp.extensions import db, limiter
from edcamp.models import Attendee, Event, Organizer, utcnow

DEFAULTS = {
    "JOIN_RATE_PER_ADDRESS": "500 per 5 minutes",
    "JOIN_RATE_PER_EVENT": "1500 per 5 minutes",
    "CODE_FAILURES_PER_ADDRESS": "30 per 5 minutes",
}


_WRONG_CODE = "edcamp.wrong_join_code"


class JoiningClosed(Forbidden):
    code = "joining_closed"


def _limit(name: str):
    return lambda: current_app.config.get(name, DEFAULTS[name])


def _joined(response) -> bool:
    """A join that went through: 201 from the API, a redirect from the form."""
    return response.status_code in (201, 302, 303)


def note_wrong_code() -> None:
    """A page tells the throttle that this request's code was wrong (its 422 alone does not:
    a form can fail for a missing name)."""
    request.environ[_WRONG_CODE] = True


def _wrong_code(response) -> bool:
    """A look-up that failed: a 403 from the API (wrong code, joining closed), or a page
    that noted a wrong code."""
    return response.status_code == 403 or bool(request.environ.get(_WRONG_CODE))


joins_per_address = limiter.shared_limit(
    _limit("JOIN_RATE_PER_ADDRESS"),
    scope="joins-per-address",
    key_func=lambda: f"join:{get_remote_address()}",
    methods=["POST"],
    deduct_when=_joined,
)
joins_per_event = limiter.shared_limit(
    _limit("JOIN_RATE_PER_EVENT"),
    scope="joins-per-event",
    key_func=lambda: f"join-event:{(request.view_args or {}).get('slug', '')}",
    methods=["POST"],
    deduct_when=_joined,
)
code_failures_per_address = limiter.shared_limit(
    _limit("CODE_FAILURES_PER_ADDRESS"),
    scope="code-failures",
    key_func=lambda: f"code:{get_remote_address()}",
    deduct_when=_wrong_code,
)


def throttled_join(view):
    """Every way of joining: per address, per event, and wrong codes per address."""
    return joins_per_address(joins_per_event(code_failures_per_address(view)))


def check_joining_open(event: Event) -> None:
    if not event.joining_open:
        raise JoiningClosed(
            _("Joining this event is closed. Ask an organizer at the welcome desk.")
        )


def set_joining(event: Event, is_open: bool, *, by: Organizer) -> None:
    if not event.is_organizer(by):
        raise Forbidden(_("Only this event's organizers may open or close joining."))
    event.joining_open = bool(is_open)


def rotate_join_code(event: Event, *, by: Organizer) -> str:
    """A new code: the old one (and its posters and QR codes) stop working at once."""
    if not event.is_organizer(by):
        raise Forbidden(_("Only this event's organizers may change the join code."))
    event.join_code = new_join_code()
    return event.join_code


@dataclass(frozen=True)
class JoinRate:
    last_minute: int
    last_10_minutes: int
    per_minute: tuple[int, ...]  # the last 10 minutes, oldest first


def join_rate(event: Event) -> JoinRate:
    """How many people joined lately, minute by minute (what a flood of fakes shows as)."""
    now = utcnow()
    times = db.session.scalars(
        select(Attendee.created_at).where(
            Attendee.event_id == event.id, Attendee.created_at >= now - timedelta(minutes=10)
        )
    ).all()
    buckets = [0] * 10
    for moment in times:
        age = int((now - moment).total_seconds() // 60)
        if 0 <= age < 10:
            buckets[9 - age] += 1
    return JoinRate(buckets[-1], len(times), tuple(buckets))
