"""Telling open boards and phones that a new schedule version is out."""

from __future__ import annotations

from edcamp import live
from edcamp.models import Event, Schedule
from edcamp.signals import schedule_published


def channel(event_id: int) -> str:
    return f"schedule:{event_id}"


def announce_published(event: Event, schedule: Schedule) -> None:
    """Call after committing a publish: the live layer and the public pages hear of it."""
    live.publish(channel(event.id), {"version": schedule.version, "event": event.slug})
    schedule_published.send(event, version=schedule.version)
