"""Absolute links that bring people into an event: the poster's QR code and short link."""

from __future__ import annotations

from edcamp.models import Event
from edcamp.urls import external_url


def join_url(event: Event) -> str:
    return external_url("attendees.join", slug=event.slug, code=event.join_code)


def short_url(event: Event) -> str:
    return external_url("attendees.short_link", code=event.join_code)
