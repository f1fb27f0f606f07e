"""Rendered feeds with their validators, cached per published version.

Each function takes plain values (slug, ids, the base URL) and returns a
`Rendered`; the views only turn it into a response. The ETag of a shared
feed is derived from its cache key, so a conditional request is answered
without rendering or even looking at the cached bytes.

Feeds are written in the event's language, never the requester's (a calendar app
sends no cookie, and one subscriber's browser must not decide for the others);
a person's own feed is in their language (`language_of`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from flask_babel import gettext as _
from werkzeug.http import http_date, quote_etag

from edcamp.errors import NotFound
from edcamp.i18n import in_language, language_of
from edcamp.publishing import frab, ical, personal, service
from edcamp.publishing.model import ScheduleInfo
from edcamp.publishing.timeline import find_session

ICS = "text/calendar"
JSON = "application/json"
XML = "application/xml"


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: datetime

    @cached_property
    def headers(self) -> list[tuple[str, str]]:
        """ETag and Last-Modified as header values, formatted once per rendering."""
        return [
            ("ETag", quote_etag(self.etag)),
            ("Last-Modified", http_date(self.last_modified.replace(microsecond=0))),
        ]


@dataclass(frozen=True)
class Rendered:
    body: bytes
    mimetype: str
    validators: Validators
    filename: str = ""


def _tag(*parts: object) -> str:
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:20]


def _shared(
    kind: str,
    slug: str,
    base_url: str,
    build: Callable[[ScheduleInfo | None, service.Published], bytes],
    mimetype: str,
    *extra: object,
    require: bool = True,
) -> Rendered:
    """The feed of the current version, rendered at most once per version (and base URL)."""
    pub = service.require_published(slug) if require else service.published(slug)
    key = (kind, pub.event_id, pub.key, pub.language, base_url, *extra)

    def render() -> Rendered:
        validators = Validators(_tag(*key), pub.changed_at)
        # "room.ics" -> "slug-room": the view adds the extension (not "slug-room.ics.ics")
        filename = f"{slug}-{kind.rsplit('.', 1)[0]}"
        with in_language(pub.language):
            info = service.schedule_info(pub, base_url) if pub.schedule_id else None
            return Rendered(build(info, pub), mimetype, validators, filename)

    return service.rendered.get(key, render)


def _empty(slug: str, base_url: str, pub: service.Published) -> ScheduleInfo:
    """An event with nothing published yet: its calendars exist, empty."""
    return ScheduleInfo(service.event_info(service.get_event(slug), base_url), 0, pub.changed_at)


def event_calendar(slug: str, base_url: str) -> Rendered:
    """The whole published schedule (an empty calendar until it is published)."""

    def build(info: ScheduleInfo | None, pub: service.Published) -> bytes:
        info = info or _empty(slug, base_url, pub)
        breaks = [slot for slot in info.slots if slot.break_label]
        return ical.build_calendar(
            info.event, info.event_feed(), stamp=pub.changed_at, breaks=breaks
        )

    return _shared("event.ics", slug, base_url, build, ICS, require=False)


def room_calendar(slug: str, room_id: int, base_url: str) -> Rendered:
    event = service.get_event(slug)
    room = service.get_room(event, room_id)

    def build(info: ScheduleInfo | None, pub: service.Published) -> bytes:
        info = info or _empty(slug, base_url, pub)
        name = ical.room_calendar_name(info.event, room.name)
        return ical.build_calendar(
            info.event, info.room_feed(room.id), stamp=pub.changed_at, name=name
        )

    return _shared("room.ics", slug, base_url, build, ICS, room_id, require=False)


def session_calendar(slug: str, session_id: int, base_url: str) -> Rendered:
    """One session as a calendar file, for "add to my calendar"."""
    pub = service.require_published(slug)
    with in_language(pub.language):  # the grid as the feed reads it (built once)
        info = service.schedule_info(pub, base_url)
    session = find_session(info, session_id)
    if session is None:
        raise NotFound(
            _("This session is not on the published schedule."), code="session_not_found"
        )

    def build(info: ScheduleInfo | None, pub: service.Published) -> bytes:
        assert info is not None
        return ical.build_calendar(info.event, [session], stamp=pub.changed_at, name=session.title)

    return _shared("session.ics", slug, base_url, build, ICS, session_id)


def frab_json(slug: str, base_url: str) -> Rendered:
    def build(info: ScheduleInfo | None, _pub: service.Published) -> bytes:
        assert info is not None
        return json.dumps(frab.build_json(info), ensure_ascii=False, indent=1).encode()

    return _shared("schedule.json", slug, base_url, build, JSON)


def frab_xml(slug: str, base_url: str) -> Rendered:
    def build(info: ScheduleInfo | None, _pub: service.Published) -> bytes:
        assert info is not None
        return frab.build_xml(info)

    return _shared("schedule.xml", slug, base_url, build, XML)


def personal_calendar(feed_token: str, base_url: str) -> Rendered:
    """One attendee's sessions; records what it showed (the caller commits)."""
    attendee = personal.attendee_for_feed_token(feed_token)
    event = attendee.event
    pub = service.published(event.slug)
    with in_language(language_of(attendee, event)):  # their own calendar: their language
        info = service.schedule_info(pub, base_url) if pub.schedule_id else None
        event_info = info.event if info else service.event_info(event, base_url)
        sessions, stamp = personal.personal_sessions(attendee, info)
        name = ical.personal_calendar_name(event_info, attendee.name)
        body = ical.build_calendar(event_info, sessions, stamp=stamp, name=name)
    return Rendered(body, ICS, Validators(hashlib.sha1(body).hexdigest()[:20], stamp), "my")
