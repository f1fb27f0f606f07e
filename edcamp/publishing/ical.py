"""iCalendar (RFC 5545) feeds built from plain schedule data.

Pure: `build_calendar` takes the event, its sessions and a stamp and returns
bytes; the views only wrap them in a response. Times are written in the
event's zone with a VTIMEZONE limited to the years the sessions fall in. Our own
words (the description's labels, the calendar's name) are in the language the
caller chose (`edcamp.publishing.feeds`: the event's, or the person's own).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from flask_babel import gettext as _
from icalendar import Calendar, Event, vDuration

from edcamp.publishing.model import EventInfo, SessionInfo, SlotInfo, is_ambiguous, to_local
from edcamp.publishing.vtimezone import build_vtimezone

PRODID = "-//edcamp//edcamp schedule//EN"
DEFAULT_REFRESH = timedelta(minutes=15)


def session_uid(event: EventInfo, session: SessionInfo) -> str:
    """Stable across versions, moves and feeds: calendars match on it."""
    host = urlsplit(event.base_url).hostname or "edcamp"
    return f"{session.guid}@{host}"


def location(event: EventInfo, session: SessionInfo) -> str:
    return ", ".join(part for part in (session.room.name, event.venue) if part)


def description(event: EventInfo, session: SessionInfo) -> str:
    parts = []
    if session.description.strip():
        parts.append(session.description.strip())
    details = []
    if session.facilitators:
        details.append(_("Facilitators: %(names)s", names=", ".join(session.facilitators)))
    if session.tags:
        details.append(_("Tags: %(tags)s", tags=", ".join(session.tags)))
    if session.notes_url:
        details.append(_("Notes: %(url)s", url=session.notes_url))
    if session.video_url:
        details.append(_("Video: %(url)s", url=session.video_url))
    if event.hashtag:
        details.append(hashtag(event.hashtag))
    details.append(_("Session page: %(url)s", url=session.url))
    parts.append("\n".join(details))
    return "\n\n".join(parts)


def hashtag(tag: str) -> str:
    tag = tag.strip()
    return tag if tag.startswith("#") else f"#{tag}"


def _calendar_time(moment: datetime, event: EventInfo) -> datetime:
    """Local time with TZID, or UTC for a wall time that occurs twice.

    RFC 5545 reads an ambiguous TZID time as its first occurrence, so the
    second 01:30 of a fall-back night can only be written exactly in UTC.
    """
    local = to_local(moment, event.tz)
    return moment.astimezone(UTC) if is_ambiguous(local) else local


def build_vevent(event: EventInfo, session: SessionInfo, *, stamp: datetime) -> Event:
    vevent = Event()
    vevent.add("uid", session_uid(event, session))
    vevent.add("dtstamp", stamp)
    vevent.add("last-modified", stamp)
    vevent.add("sequence", session.sequence)
    vevent.add("summary", session.title)
    vevent.add("dtstart", _calendar_time(session.starts_at, event))
    vevent.add("dtend", _calendar_time(session.ends_at, event))
    vevent.add("location", location(event, session))
    vevent.add("description", description(event, session))
    vevent.add("url", session.url)
    if session.tags:
        vevent.add("categories", list(session.tags))
    # Links beside the description's text: Thunderbird and Outlook list attachments as links.
    for link in (session.notes_url, session.video_url):
        if link:
            vevent.add("attach", link, parameters={"FMTTYPE": "text/html"})
    vevent.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
    vevent.add("transp", "TRANSPARENT" if session.cancelled else "OPAQUE")
    return vevent


def build_break(event: EventInfo, slot: SlotInfo, *, stamp: datetime) -> Event:
    """A break ("Lunch") as what it is: free time, not a session to attend."""
    host = urlsplit(event.base_url).hostname or "edcamp"
    vevent = Event()
    vevent.add("uid", f"{event.slug}-break-{slot.id}@{host}")
    vevent.add("dtstamp", stamp)
    vevent.add("summary", slot.break_label)
    vevent.add("dtstart", _calendar_time(slot.starts_at, event))
    vevent.add("dtend", _calendar_time(slot.ends_at, event))
    if event.venue:
        vevent.add("location", event.venue)
    vevent.add("categories", ["break"])
    vevent.add("url", event.url)
    vevent.add("transp", "TRANSPARENT")
    return vevent


def room_calendar_name(event: EventInfo, room_name: str) -> str:
    """Room first: a calendar list cut short still tells two rooms apart."""
    return f"{room_name} · {event.name}"


def personal_calendar_name(event: EventInfo, person_name: str | None) -> str:
    """Whose sessions these are: a family's shared calendar app may hold several."""
    who = " ".join((person_name or "").split())
    if who:
        return _("%(name)s's sessions · %(event)s", name=who, event=event.name)
    return _("My sessions · %(event)s", event=event.name)


def build_calendar(
    event: EventInfo,
    sessions: Iterable[SessionInfo],
    *,
    stamp: datetime,
    name: str | None = None,
    refresh: timedelta = DEFAULT_REFRESH,
    breaks: Iterable[SlotInfo] = (),
) -> bytes:
    """A VCALENDAR with one VEVENT per session, in the event's time zone.

    `stamp` (aware) is the DTSTAMP of every VEVENT: pass the time the
    schedule version was published, so the same version gives the same bytes.
    """
    if stamp.tzinfo is None:
        raise ValueError("stamp must be timezone-aware")
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.room.name, s.id))
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name or event.name)
    cal.add("x-wr-timezone", event.timezone)
    if event.venue:
        caldesc = _("Sessions of %(event)s at %(venue)s", event=event.name, venue=event.venue)
    else:
        caldesc = _("Sessions of %(event)s", event=event.name)
    cal.add("x-wr-caldesc", caldesc)
    cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(refresh).to_ical().decode())
    years = {to_local(s.starts_at, event.tz).year for s in ordered}
    years |= {to_local(s.ends_at, event.tz).year for s in ordered}
    years.add(event.date.year)
    cal.add_component(build_vtimezone(event.timezone, min(years), max(years)))
    for session in ordered:
        cal.add_component(build_vevent(event, session, stamp=stamp))
    for slot in sorted(breaks, key=lambda b: b.starts_at):
        cal.add_component(build_break(event, slot, stamp=stamp))
    return cal.to_ical()
