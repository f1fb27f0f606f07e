"""What scheduling does when something happened: open schedule pages hear of a new version."""

from __future__ import annotations

from edcamp import live
from edcamp.signals import event_id_of, schedule_published


def channel(event_id: int) -> str:
    """The live channel of an event's published schedule (the projector's 'now' page)."""
    return f"schedule:{event_id}"


def _announce_version(sender, *, version: int, **_extra) -> None:
    live.publish(channel(event_id_of(sender)), {"version": version, "event": sender.slug})


def connect() -> None:
    schedule_published.connect(_announce_version)
