"""Keeping open boards current: after a committed change, publish the board's new state.

A change is announced with a domain signal (``edcamp.signals``); the receiver in
``edcamp.voting.receivers`` calls ``publish_board_of(event_id)``. The board is
then built lazily by the live broker, at most a few times a second per worker
however many votes arrive, in its own app context.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from flask import Flask, Response, current_app, has_app_context

from edcamp import live
from edcamp.extensions import db
from edcamp.models import Event
from edcamp.voting.board import Board, board_state, channel, public_view


def _builder(app: Flask, event_id: int):
    """The board of ``event_id``, built when the broker sends it (maybe never, if superseded).

    Sent from the broker's own thread it needs an app context of its own. Sent at once
    (``LIVE_MIN_INTERVAL`` 0) it runs inside the request that made the change and reads
    through that request's session: on SQLite a second session would wait for the write
    lock the request holds.
    """

    def build() -> Board | None:
        if has_app_context() and current_app._get_current_object() is app:  # type: ignore[attr-defined]
            board = _current_board(app, event_id)
        else:
            with app.app_context():
                board = _current_board(app, event_id)
        return board

    return build


def _current_board(app: Flask, event_id: int) -> Board | None:
    event = db.session.get(Event, event_id)
    if event is None:
        return None
    board = board_state(event)
    _remind_at_close(app, event_id, board)
    return board


# A scheduled close happens lazily: votes after it are refused when they come. Open screens
# must still see it (the projector reveals hidden counts then), so whenever a board shows a
# close time ahead, this process publishes the board again once that time has passed.
_reminders: dict[tuple[int, int], str] = {}  # (id(app), event id) -> close time
_reminders_lock = threading.Lock()
_CLOSE_MARGIN_S = 0.05  # publish just after the close, so the board reads "closed"


def _remind_at_close(app: Flask, event_id: int, board: Board) -> None:
    closes_at = board.get("voting_closes_at")
    if board.get("voting") != "open" or not closes_at:
        return
    key = (id(app), event_id)
    with _reminders_lock:
        if _reminders.get(key) == closes_at:
            return  # already set for this close time
        _reminders[key] = closes_at
    delay = (datetime.fromisoformat(closes_at) - datetime.now(UTC)).total_seconds()
    timer = threading.Timer(
        max(delay, 0) + _CLOSE_MARGIN_S, _publish_at_close, (app, event_id, key, closes_at)
    )
    timer.daemon = True
    timer.start()


def _publish_at_close(app: Flask, event_id: int, key: tuple[int, int], closes_at: str) -> None:
    with _reminders_lock:
        if _reminders.get(key) == closes_at:
            del _reminders[key]
    with app.app_context():
        live.publish(channel(event_id), _builder(app, event_id))


def publish_board_of(event_id: int) -> None:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    live.publish(channel(event_id), _builder(app, event_id))


def board_stream(event: Event, *, organizer: bool) -> Response:
    """The SSE response of an event's board, filtered for this viewer."""

    def render(board: Board) -> str:
        return live.dumps(public_view(board, organizer=organizer))

    event_id = event.id

    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def current() -> Board:
        # e.g. after a restart of this worker, _current_board sets the close reminder again
        return _current_board(app, event_id) or {}

    return live.sse_response(
        channel(event_id), current, render=render, view_key=organizer, event="board"
    )
