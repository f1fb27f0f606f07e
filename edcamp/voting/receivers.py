"""What voting does when something happened: open boards get the new state."""

from __future__ import annotations

from edcamp.signals import board_changed, event_id_of, event_settings_changed, schedule_published
from edcamp.voting.live_board import publish_board_of


def _publish_board(sender, **_extra) -> None:
    publish_board_of(event_id_of(sender))


def connect() -> None:
    # The board shows votes and proposals, the voting settings and the schedule's version.
    for signal in (board_changed, event_settings_changed, schedule_published):
        signal.connect(_publish_board)
