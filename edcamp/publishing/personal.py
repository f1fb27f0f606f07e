"""An attendee's own schedule: stars, and the personal calendar feed.

The personal feed lists the published sessions the attendee voted for or
starred. Calendars only remove what a feed cancels, so every session the
feed ever showed is remembered (`FeedEntry`); once dropped, or taken
off the grid, it is sent as STATUS:CANCELLED with a higher SEQUENCE.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError, OperationalError

from edcamp.errors import NotFound
from edcamp.extensions import db
from edcamp.models import Attendee, FeedEntry, Proposal, Star, Vote, utcnow
from edcamp.publishing.model import ScheduleInfo, SessionInfo, Status
from edcamp.publishing.service import aware


def attendee_for_feed_token(token: str) -> Attendee:
    attendee = None
    if token and len(token) <= 64:
        attendee = db.session.scalar(select(Attendee).where(Attendee.feed_token == token))
    if attendee is None or attendee.deleted_at is not None:
        raise NotFound(_("This calendar link is not valid (it may have been replaced)."))
    return attendee


def starred_ids(attendee: Attendee) -> set[int]:
    return set(db.session.scalars(select(Star.proposal_id).where(Star.attendee_id == attendee.id)))


def voted_ids(attendee: Attendee) -> set[int]:
    return set(db.session.scalars(select(Vote.proposal_id).where(Vote.attendee_id == attendee.id)))


def my_session_ids(attendee: Attendee) -> set[int]:
    """What "my schedule" holds: sessions voted for or starred."""
    return voted_ids(attendee) | starred_ids(attendee)


def set_star(attendee: Attendee, proposal_id: int, starred: bool) -> bool:
    """Star or unstar a session of the attendee's event; repeating is a no-op."""
    proposal = db.session.get(Proposal, proposal_id)
    if proposal is None or proposal.event_id != attendee.event_id or proposal.hidden:
        raise NotFound(_("There is no such session at this event."), code="session_not_found")
    exists = db.session.get(Star, (attendee.id, proposal_id)) is not None
    if starred and not exists:
        db.session.add(Star(attendee_id=attendee.id, proposal_id=proposal_id))
    elif not starred and exists:
        db.session.execute(
            delete(Star).where(Star.attendee_id == attendee.id, Star.proposal_id == proposal_id)
        )
    db.session.flush()
    return starred


def personal_sessions(
    attendee: Attendee, schedule: ScheduleInfo | None
) -> tuple[list[SessionInfo], datetime]:
    """The attendee's feed entries and the time they last changed (for DTSTAMP).

    Records what it shows in `FeedEntry` rows (the caller commits). A session
    wanted and on the grid is confirmed; every other one the feed once showed
    is cancelled. `FeedEntry.sequence` counts the status changes and is added
    to the schedule's own SEQUENCE, so every change reaches calendars.
    """
    wanted = my_session_ids(attendee)
    on_grid = {s.id: s for s in schedule.sessions} if schedule else {}
    gone = {s.id: s for s in schedule.gone} if schedule else {}
    entries = {
        entry.proposal_id: entry
        for entry in db.session.scalars(
            select(FeedEntry).where(FeedEntry.attendee_id == attendee.id)
        )
    }
    result: list[SessionInfo] = []
    for proposal_id in sorted(wanted & on_grid.keys()):
        entry = entries.get(proposal_id)
        if entry is None:
            entry = FeedEntry(
                attendee_id=attendee.id, proposal_id=proposal_id, sequence=0, updated_at=utcnow()
            )
            db.session.add(entry)
            entries[proposal_id] = entry
        elif entry.cancelled_at is not None:
            entry.cancelled_at = None
            entry.sequence += 1
            entry.updated_at = utcnow()
        session = on_grid[proposal_id]
        result.append(replace(session, sequence=session.sequence + entry.sequence))
    for proposal_id, entry in entries.items():
        if proposal_id in wanted and proposal_id in on_grid:
            continue
        if entry.cancelled_at is None:
            entry.cancelled_at = entry.updated_at = utcnow()
            entry.sequence += 1
        last = on_grid.get(proposal_id) or gone.get(proposal_id)
        if last is not None:
            result.append(
                replace(last, sequence=last.sequence + entry.sequence, status=Status.CANCELLED)
            )
    # no flush here: two polls of the same feed may race; `save_feed_state` settles that
    stamps = [aware(entry.updated_at) for entry in entries.values()]
    if schedule is not None:
        stamps.append(schedule.published_at)
    return result, max(stamps, default=datetime(2000, 1, 1, tzinfo=UTC))


def save_feed_state() -> None:
    """Commit what the feed recorded; a concurrent poll that lost the race just retries later."""
    try:
        db.session.commit()
    except (IntegrityError, OperationalError):
        db.session.rollback()
