"""The published schedule, read from the database into plain publishing data.

Public pages and feeds show the newest published version (`Schedule` rows
with a version number). Reading it is one small query (`published`, kept a
couple of seconds per process); everything built from a version is cached
under its key, so a feed request for an unchanged schedule renders nothing.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any, TypeVar

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from edcamp.attendees.public import public_names, public_persons
from edcamp.errors import NotFound
from edcamp.events.rooms_and_slots import get_room
from edcamp.events.service import get_event
from edcamp.extensions import db
from edcamp.models import Attendee, Event, Facilitator, Proposal, Room, Schedule, Slot
from edcamp.publishing.history import History, Placement, fold
from edcamp.publishing.language import language_key
from edcamp.publishing.model import (
    EventInfo,
    RoomInfo,
    ScheduleInfo,
    SessionInfo,
    SlotInfo,
    Status,
    notes_url,
    session_guid,
    slugify,
)

T = TypeVar("T")
__all__ = ["get_event", "get_room"]  # re-exported for the views


class NotPublished(NotFound):
    code = "not_published"


@dataclass(frozen=True)
class Published:
    """Which version the public sees, and when its content last changed."""

    event_id: int
    slug: str
    schedule_id: int | None
    version: int | None
    changed_at: datetime  # aware UTC; Last-Modified and DTSTAMP
    # Digest of what can change without a publish: rooms, slot times, and who leads what
    # under which public name (erasure, show_name, leaving a session).
    layout: str = ""
    language: str = "en"  # the event's: feeds and files are written in it

    @cached_property
    def key(self) -> str:
        """Names this content: a new version or any edit since gives a new key."""
        stamp = f"{self.changed_at.timestamp():.6f}"
        return f"{self.slug}.{self.schedule_id or 0}.{stamp}.{self.layout}"


class _Cache:
    """A small thread-safe LRU; values are immutable so sharing them is safe."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._data: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, build: Callable[[], T]) -> T:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
        value = build()
        with self._lock:
            self._data[key] = value
            while len(self._data) > self.size:
                self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


_versions: dict[str, tuple[float, Published]] = {}
_versions_lock = threading.Lock()
rendered = _Cache(256)
_schedules = _Cache(64)


def aware(moment: datetime | None) -> datetime:
    """Stored datetimes are naive UTC."""
    if moment is None:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _version_ttl() -> float:
    return float(current_app.config["EDCAMP_FEED_VERSION_TTL"])


def published(slug: str) -> Published:
    """The event's public version; NotFound for an unknown event. Cached for a moment."""
    ttl = _version_ttl()
    now = time.monotonic()
    if ttl > 0:
        with _versions_lock:
            hit = _versions.get(slug)
        if hit is not None and hit[0] > now:
            return hit[1]
    result = _load_published(slug)
    if ttl > 0:
        with _versions_lock:
            _versions[slug] = (now + ttl, result)
    return result


def forget(slug: str | None = None) -> None:
    """Drop the remembered version (after publishing in this process)."""
    with _versions_lock:
        if slug is None:
            _versions.clear()
        else:
            _versions.pop(slug, None)


def _load_published(slug: str) -> Published:
    latest = (
        select(Schedule.id)
        .where(Schedule.event_id == Event.id, Schedule.version.is_not(None))
        .order_by(Schedule.version.desc())
        .limit(1)
        .correlate(Event)
        .scalar_subquery()
    )
    edited = (
        select(func.max(Proposal.updated_at))
        .where(Proposal.event_id == Event.id)
        .correlate(Event)
        .scalar_subquery()
    )
    row = db.session.execute(
        select(Event.id, Event.updated_at, edited, latest, Event.language).where(Event.slug == slug)
    ).first()
    if row is None:
        raise NotFound(_("There is no event with that address."), code="event_not_found")
    event_id, event_updated, proposals_updated, schedule_id, language = row
    language = language or "en"
    if schedule_id is None:
        return Published(event_id, slug, None, None, aware(event_updated), language=language)
    version, published_at = db.session.execute(
        select(Schedule.version, Schedule.published_at).where(Schedule.id == schedule_id)
    ).one()
    changed = max(aware(published_at), aware(event_updated), aware(proposals_updated))
    return Published(event_id, slug, schedule_id, version, changed, _layout(event_id), language)


def _layout(event_id: int) -> str:
    """Renamed rooms, moved slot times and changed facilitators reach the feeds without a new
    version. Facilitators count because erasure must leave every cached output at once: who
    leads a session, their name and their consent to show it all go into the key."""
    rooms = db.session.execute(
        select(Room.id, Room.name, Room.capacity).where(Room.event_id == event_id)
    ).all()
    slots = db.session.execute(
        select(Slot.id, Slot.starts_at, Slot.ends_at, Slot.break_label).where(
            Slot.event_id == event_id
        )
    ).all()
    people = db.session.execute(
        select(Facilitator.proposal_id, Attendee.id, Attendee.name, Attendee.show_name)
        .join(Attendee, Attendee.id == Facilitator.attendee_id)
        .join(Proposal, Proposal.id == Facilitator.proposal_id)
        .where(Proposal.event_id == event_id, Attendee.deleted_at.is_(None))
    ).all()
    text = repr(
        (
            sorted(tuple(r) for r in rooms),
            sorted(tuple(s) for s in slots),
            sorted(tuple(p) for p in people),
        )
    )
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def require_published(slug: str) -> Published:
    pub = published(slug)
    if pub.schedule_id is None:
        raise NotPublished(_("The schedule of this event is not published yet."))
    return pub


def event_info(event: Event, base_url: str) -> EventInfo:
    return EventInfo(
        slug=event.slug,
        name=event.name,
        date=event.date,
        timezone=event.timezone,
        base_url=base_url,
        venue=event.venue or "",
        hashtag=event.hashtag or "",
        language=event.language or "en",
    )


def schedule_info(pub: Published, base_url: str) -> ScheduleInfo:
    """The published version as plain data, built once per version, base URL and language
    (facilitators who keep their name private are "a participant" in the page's words)."""
    return _schedules.get(
        (pub.key, pub.event_id, base_url, language_key()),
        lambda: build_schedule_info(pub, base_url),
    )


def _slot_info(event: EventInfo, slot: Slot) -> SlotInfo:
    starts = datetime.combine(event.date, slot.starts_at, tzinfo=event.tz)
    ends = datetime.combine(event.date, slot.ends_at, tzinfo=event.tz)
    if ends <= starts:
        ends += timedelta(days=1)
    return SlotInfo(id=slot.id, starts_at=starts, ends_at=ends, break_label=slot.break_label or "")


def _history(event: Event, up_to_version: int) -> History:
    """Every published version up to ``up_to_version``, folded into each session's fate."""
    versions = db.session.scalars(
        select(Schedule)
        .where(Schedule.event_id == event.id, Schedule.version.is_not(None))
        .where(Schedule.version <= up_to_version)
        .order_by(Schedule.version)
        .options(selectinload(Schedule.entries))
    ).all()
    return fold(
        [
            [Placement(e.proposal_id, e.room_id, e.slot_id, e.sequence) for e in v.entries]
            for v in versions
        ]
    )


def build_schedule_info(pub: Published, base_url: str) -> ScheduleInfo:
    """Read a published version (and the ones before it) into plain data; uncached."""
    event = db.session.get(Event, pub.event_id)
    assert event is not None
    info = event_info(event, base_url)
    rooms = {
        r.id: RoomInfo(r.id, r.name, r.capacity, f"{info.url}/rooms/{r.id}") for r in event.rooms
    }
    slots = {s.id: _slot_info(info, s) for s in event.slots}
    history = _history(event, pub.version or 0)
    proposals = {
        p.id: p
        for p in db.session.scalars(
            select(Proposal)
            .where(Proposal.id.in_(list(history.fates)))
            .options(selectinload(Proposal.facilitators).selectinload(Facilitator.attendee))
        )
    }

    def session(placement: Placement, sequence: int, status: Status) -> SessionInfo | None:
        proposal = proposals.get(placement.proposal_id)
        room, slot = rooms.get(placement.room_id), slots.get(placement.slot_id)
        if proposal is None or room is None or slot is None:
            return None
        return to_session(info, event, proposal, room, slot, sequence, status)

    current, gone, left = [], [], []
    for fate in history.fates.values():
        proposal = proposals.get(fate.last.proposal_id)
        # hidden since publishing (moderated, or merged into another): off the public grid now
        present = fate.present and proposal is not None and not proposal.hidden
        sequence = fate.sequence if present == fate.present else fate.sequence + 1
        status = Status.CONFIRMED if present else Status.CANCELLED
        item = session(fate.last, sequence, status)
        if item is not None:
            (current if present else gone).append(item)
    for room_id in rooms:
        for placement, sequence in history.room_leavers(room_id):
            item = session(placement, sequence, Status.CANCELLED)
            if item is not None:
                left.append(item)
    order = lambda s: (s.starts_at, s.room.name, s.id)  # noqa: E731
    return ScheduleInfo(
        event=info,
        version=pub.version or 0,
        published_at=pub.changed_at,
        rooms=tuple(rooms.values()),
        slots=tuple(sorted(slots.values(), key=lambda s: s.starts_at)),
        sessions=tuple(sorted(current, key=order)),
        gone=tuple(sorted(gone, key=order)),
        left_rooms=tuple(sorted(left, key=order)),
    )


def to_session(
    info: EventInfo,
    event: Event,
    proposal: Proposal,
    room: RoomInfo,
    slot: SlotInfo,
    sequence: int,
    status: Status = Status.CONFIRMED,
) -> SessionInfo:
    url = f"{info.url}/sessions/{proposal.id}"
    persons = public_persons(
        (f.attendee for f in proposal.facilitators),
        session_id=proposal.id,
        secret=current_app.secret_key,
    )
    notes = proposal.notes_url or notes_url(
        event.notes_url_template,
        event_slug=event.slug,
        session_id=proposal.id,
        session_slug=slugify(proposal.title),
    )
    return SessionInfo(
        id=proposal.id,
        guid=session_guid(info.base_url, info.slug, proposal.id),
        title=proposal.title,
        room=room,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        url=url,
        description=proposal.description or "",
        tags=tuple(proposal.tags or ()),
        facilitators=public_names(persons),
        persons=persons,
        sequence=sequence,
        notes_url=notes,
        video_url=proposal.video_url or "",
        language=proposal.language or "",
        status=status,
        slot_id=slot.id,
    )
