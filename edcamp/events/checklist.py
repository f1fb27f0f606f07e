"""The organizer's set-up checklist: rooms, slots, poster, voting, build, publish, follow-up,
each with whether it is done, read from what the event already holds."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import func, select

from edcamp.extensions import db
from edcamp.models import Attendee, Event, FollowUpSent, Schedule, ScheduleEntry


@dataclass(frozen=True)
class Step:
    label: str
    done: bool
    endpoint: str  # where the organizer does it
    anchor: str = ""


def setup_steps(event: Event) -> list[Step]:
    schedules = select(Schedule.id).where(Schedule.event_id == event.id)
    built = db.session.scalar(
        select(func.count(ScheduleEntry.id)).where(
            ScheduleEntry.schedule_id.in_(schedules.where(Schedule.version.is_(None)))
        )
    )
    published = db.session.scalar(
        select(func.count(Schedule.id)).where(
            Schedule.event_id == event.id, Schedule.version.is_not(None)
        )
    )
    joined = db.session.scalar(select(func.count(Attendee.id)).where(Attendee.event_id == event.id))
    return [
        Step(_("Add rooms"), bool(event.rooms), "events.manage", "#rooms"),
        Step(_("Add time slots"), bool(event.slots), "events.manage", "#slots"),
        Step(_("Put up the join poster"), bool(joined), "posters.poster"),
        Step(
            _("Open voting"), event.voting == "open" or bool(published), "events.manage", "#voting"
        ),
        Step(_("Build the grid"), bool(built), "scheduling.editor"),
        Step(_("Publish the schedule"), bool(published), "scheduling.editor"),
        Step(_("Follow up after the day"), _followed_up(event), "follow_up.follow_up_page"),
    ]


def _followed_up(event: Event) -> bool:
    sent = select(FollowUpSent.attendee_id).where(FollowUpSent.event_id == event.id)
    return db.session.scalar(sent.limit(1)) is not None
