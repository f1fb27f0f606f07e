"""Domain signals: the domain says what happened; receivers decide who hears of it.

The code that committed a change sends the signal, after the commit, with the event as
sender: an ``Event``, or the vote path's light ``VotingEvent`` (receivers take its id
with ``event_id_of``). Receivers live in their own domain's ``receivers.py`` (e.g.
``edcamp.voting.receivers`` publishes the board to open screens) and are connected by
the application factory (``edcamp.create_app``, step ``register_receivers``), never when
a module is imported.
"""

from __future__ import annotations

from typing import Any

from blinker import Namespace
from sqlalchemy import inspect

_signals = Namespace()

# Voting opened or closed, counts shown or hidden, votes per attendee changed.
event_settings_changed = _signals.signal("event-settings-changed")
# A proposal or vote changed what the board shows.
board_changed = _signals.signal("board-changed")
# A new schedule version was published (keyword ``version``).
schedule_published = _signals.signal("schedule-published")
# The mail sender woke up (its loop, or ``flask send-mail``), in a writing request context,
# with the app as sender: periodic jobs that queue mail (the "Did you try it?" mail) run here.
sender_tick = _signals.signal("sender-tick")


def event_id_of(sender: Any) -> int:
    """The id of a signal's event, without a query (a committed ``Event`` is expired)."""
    state = inspect(sender, raiseerr=False)
    return state.identity[0] if state is not None else sender.id
