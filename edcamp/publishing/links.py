"""Absolute links into publishing that other pages, APIs and QR codes hand out."""

from __future__ import annotations

from edcamp.models import Attendee
from edcamp.urls import external_url


def personal_feed_url(attendee: Attendee) -> str:
    """The attendee's private calendar feed; its token is the only key to it."""
    return external_url("feeds.personal_feed", feed_token=attendee.feed_token)


def room_page_url(slug: str, room_id: int) -> str:
    """The room's page, where a door sign's QR code points."""
    return external_url("publishing.room", slug=slug, room_id=room_id)
