"""The frab / c3voc conference schedule, as JSON (a dict) and XML (bytes).

Conference apps (Giggity, ConfClerk, EventFahrplan) read this format. The
output validates against the c3voc JSON schema and XSD: the acronym has no
hyphens, ids are positive integers, guids are UUIDs, slugs are unique,
durations are `HH:MM`, and events sit in days, then rooms. Machine fields stay
as the format fixes them; our own words (a link's title, the breaks' column) are
in the language the caller chose (the event's: `edcamp.publishing.feeds`).
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from flask_babel import gettext as _

from edcamp.attendees.public import PublicPerson
from edcamp.publishing.abstract import split_abstract
from edcamp.publishing.model import (
    EventInfo,
    RoomInfo,
    ScheduleInfo,
    SessionInfo,
    SlotInfo,
    break_guid,
    room_guid,
    slugify,
    to_local,
)

GENERATOR = {"name": "edcamp", "version": "0.1.0"}
SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
_TZ_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# A break ("Lunch", the closing smackdown) is for everyone: one event of type "break" in a
# column of its own ("All rooms"), not a session in some room. Its id stays clear of sessions'.
BREAK_ID_BASE = 1_000_000_000


def acronym(slug: str) -> str:
    """The event slug in the c3voc acronym alphabet: `[a-z0-9_]`, four or more."""
    text = slugify(slug, sep="_") or "edcamp"
    if len(text) < 4:
        text = f"{text}_camp"
    return text


def session_slug(event: EventInfo, session: SessionInfo) -> str:
    """`<acronym>-<id>-<title words>`: unique by id, fits both schemas."""
    words = slugify(session.title)[:60].strip("-") or "session"
    return f"{acronym(event.slug)}-{session.id}-{words}"


def hhmm(delta: timedelta) -> str:
    minutes = max(0, int(delta.total_seconds() // 60))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _timeslot_minutes(schedule: ScheduleInfo) -> int:
    """The largest step that every slot boundary falls on (15 when unknown)."""
    step = 0
    for slot in schedule.slots:
        for moment in (slot.starts_at, slot.ends_at):
            local = to_local(moment, schedule.event.tz)
            step = math.gcd(step, local.hour * 60 + local.minute)
    return step if 5 <= step <= 60 else 15


def _room_labels(rooms: tuple[RoomInfo, ...]) -> dict[int, str]:
    """Room names, made unique (frab keys rooms by name)."""
    labels: dict[int, str] = {}
    seen: set[str] = set()
    for room in rooms:
        label = room.name if room.name not in seen else f"{room.name} ({room.id})"
        seen.add(label)
        labels[room.id] = label
    return labels


def _days(schedule: ScheduleInfo) -> list[tuple[date, datetime, datetime]]:
    """(date, day_start, day_end) for every local day that holds a slot or session."""
    tz = schedule.event.tz
    bounds: dict[date, list[datetime]] = defaultdict(list)
    moments = [(s.starts_at, s.ends_at) for s in schedule.slots]
    moments += [(s.starts_at, s.ends_at) for s in schedule.sessions if not s.cancelled]
    for start, end in moments:
        local = to_local(start, tz)
        bounds[local.date()] += [local, to_local(end, tz)]
    if not bounds:
        day = schedule.event.date
        return [(day, datetime.combine(day, time(0), tz), datetime.combine(day, time(23, 59), tz))]
    return [(day, min(bounds[day]), max(bounds[day])) for day in sorted(bounds)]


def session_links(session: SessionInfo) -> list[dict[str, str]]:
    """References apps show under a session: its shared notes and its recording."""
    links = []
    if session.notes_url:
        links.append({"type": "web", "url": session.notes_url, "title": _("Shared notes")})
    if session.video_url:
        links.append({"type": "media", "url": session.video_url, "title": _("Video")})
    return links


def _person_dict(person: PublicPerson) -> dict[str, Any]:
    # frab's shape: `name` next to `public_name` fails the c3voc schema's person rule.
    return {"id": person.id, "guid": person.guid, "public_name": person.public_name}


def _event_dict(event: EventInfo, session: SessionInfo, room_label: str) -> dict[str, Any]:
    local_start = to_local(session.starts_at, event.tz)
    abstract, description = split_abstract(session.description)
    return {
        "guid": session.guid,
        "id": session.id,
        "date": _iso(local_start),
        "start": local_start.strftime("%H:%M"),
        "end": _iso(to_local(session.ends_at, event.tz)),
        "duration": hhmm(session.ends_at - session.starts_at),
        "room": room_label,
        "slug": session_slug(event, session),
        "url": session.url,
        "title": session.title,
        "subtitle": "",
        "track": session.tags[0] if session.tags else None,
        "type": "discussion",
        "language": session.language or event.language,
        "abstract": abstract,
        "description": description,
        # Apps index speakers by person: only the named ones, not a row of "a participant".
        "persons": [_person_dict(person) for person in session.persons if person.named],
        "links": session_links(session),
    }


def _break_dict(event: EventInfo, slot: SlotInfo, room_label: str) -> dict[str, Any]:
    local_start = to_local(slot.starts_at, event.tz)
    return {
        "guid": break_guid(event.base_url, event.slug, slot.id),
        "id": BREAK_ID_BASE + slot.id,
        "date": _iso(local_start),
        "start": local_start.strftime("%H:%M"),
        "end": _iso(to_local(slot.ends_at, event.tz)),
        "duration": hhmm(slot.ends_at - slot.starts_at),
        "room": room_label,
        "slug": f"{acronym(event.slug)}-break-{slot.id}",
        "url": event.url,
        "title": slot.break_label,
        "subtitle": "",
        "track": None,
        "type": "break",
        "language": event.language,
        "abstract": "",
        "description": "",
        "persons": [],
        "links": [],
    }


def _breaks_label(labels: dict[int, str]) -> str:
    """The breaks' column, named apart from every real room."""
    label = _("All rooms")
    while label in labels.values():
        label = _("%(name)s (breaks)", name=label)
    return label


def _conference(schedule: ScheduleInfo) -> dict[str, Any]:
    event = schedule.event
    labels = _room_labels(schedule.rooms)
    days = _days(schedule)
    live = sorted(
        (s for s in schedule.sessions if not s.cancelled), key=lambda s: (s.starts_at, s.id)
    )
    conference: dict[str, Any] = {
        "acronym": acronym(event.slug),
        "title": event.name,
        "start": days[0][0].isoformat(),
        "end": days[-1][0].isoformat(),
        "daysCount": len(days),
        "timeslot_duration": hhmm(timedelta(minutes=_timeslot_minutes(schedule))),
        "url": event.url,
    }
    if _TZ_NAME.search(event.timezone):
        conference["time_zone_name"] = event.timezone
    tags = sorted({tag for s in live for tag in s.tags[:1]})
    if tags:
        conference["tracks"] = [{"name": tag} for tag in tags]
    conference["rooms"] = [
        {
            "name": labels[room.id],
            "guid": room_guid(event.base_url, event.slug, room.id),
            "capacity": room.capacity,
            **({"url": room.url} if room.url else {}),
        }
        for room in schedule.rooms
    ]
    breaks = sorted((s for s in schedule.slots if s.break_label), key=lambda s: s.starts_at)
    breaks_label = _breaks_label(labels)
    if breaks:
        guid = room_guid(event.base_url, event.slug, 0)
        conference["rooms"].append({"name": breaks_label, "guid": guid, "type": "other"})
    conference["days"] = []
    for index, (day, day_start, day_end) in enumerate(days, start=1):
        rooms: dict[str, list[dict[str, Any]]] = {labels[room.id]: [] for room in schedule.rooms}
        for session in live:
            if to_local(session.starts_at, event.tz).date() != day:
                continue
            label = labels.get(session.room.id, session.room.name)
            rooms.setdefault(label, []).append(_event_dict(event, session, label))
        for slot in breaks:
            if to_local(slot.starts_at, event.tz).date() == day:
                rooms.setdefault(breaks_label, []).append(_break_dict(event, slot, breaks_label))
        conference["days"].append(
            {
                "index": index,
                "date": day.isoformat(),
                "day_start": _iso(day_start),
                "day_end": _iso(day_end),
                "rooms": rooms,
            }
        )
    return conference


def build_json(schedule: ScheduleInfo) -> dict[str, Any]:
    """The schedule as the c3voc JSON document (serialise with `json.dumps`)."""
    return {
        "$schema": SCHEMA_URL,
        "generator": GENERATOR,
        "schedule": {
            "version": str(schedule.version),
            "base_url": schedule.event.base_url + "/",
            "conference": _conference(schedule),
        },
    }


def _clean(text: str) -> str:
    """Drop the control characters that XML 1.0 cannot carry."""
    return _NOT_XML.sub("", text)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str | None) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: _clean(v) for k, v in attrs.items() if v is not None})
    if text is not None:
        element.text = _clean(text)
    return element


def build_xml(schedule: ScheduleInfo) -> bytes:
    """The schedule as the frab XML document (UTF-8 bytes)."""
    data = build_json(schedule)["schedule"]
    conf = data["conference"]
    root = ET.Element("schedule")
    _sub(root, "generator", **GENERATOR)
    _sub(root, "url", f"{schedule.event.url}/schedule.xml")
    _sub(root, "version", data["version"])
    conference = _sub(root, "conference")
    _sub(conference, "title", conf["title"])
    _sub(conference, "acronym", conf["acronym"])
    _sub(conference, "start", conf["start"])
    _sub(conference, "end", conf["end"])
    _sub(conference, "days", str(conf["daysCount"]))
    _sub(conference, "timeslot_duration", conf["timeslot_duration"])
    _sub(conference, "base_url", data["base_url"])
    _sub(conference, "url", conf["url"])
    if "time_zone_name" in conf:
        _sub(conference, "time_zone_name", conf["time_zone_name"])
    for track in conf.get("tracks", []):
        _sub(conference, "track", name=track["name"])
    room_guids = {room["name"]: room["guid"] for room in conf["rooms"]}
    for day in conf["days"]:
        day_el = _sub(
            root,
            "day",
            index=str(day["index"]),
            date=day["date"],
            start=day["day_start"],
            end=day["day_end"],
        )
        for room_name, events in day["rooms"].items():
            room_el = _sub(day_el, "room", name=room_name, guid=room_guids.get(room_name))
            for item in events:
                _xml_event(room_el, item)
    ET.indent(root)
    return ET.tostring(root, xml_declaration=True, encoding="UTF-8")


def _xml_event(parent: ET.Element, item: dict[str, Any]) -> None:
    element = _sub(parent, "event", id=str(item["id"]), guid=item["guid"])
    for key in ("room", "title", "subtitle", "type", "date", "start", "duration"):
        _sub(element, key, item[key])
    _sub(element, "abstract", item["abstract"] or "")
    _sub(element, "slug", item["slug"])
    _sub(element, "track", item["track"] or "")
    persons = _sub(element, "persons")
    for person in item["persons"]:
        _sub(persons, "person", person["public_name"], id=str(person["id"]), guid=person["guid"])
    _sub(element, "language", item["language"])
    _sub(element, "description", item["description"] or "")
    links = _sub(element, "links")
    for link in item["links"]:
        _sub(links, "link", link["title"], href=link["url"], type=link["type"])
    _sub(element, "url", item["url"])
