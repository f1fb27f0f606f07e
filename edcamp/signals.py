"""Domain signals: the domain says what happened; the live layer decides who hears of it.

Senders pass the Event as sender, after the change is committed. Receivers live with their
own domain (e.g. ``edcamp.live`` fans a change out to open boards and phones).
"""

from blinker import Namespace

_signals = Namespace()

# Voting opened or closed, counts shown or hidden, votes per attendee changed.
event_settings_changed = _signals.signal("event-settings-changed")
# A proposal or vote changed what the board shows.
board_changed = _signals.signal("board-changed")
# A new schedule version was published.
schedule_published = _signals.signal("schedule-published")
