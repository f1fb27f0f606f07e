"""Schedule pages: phone schedule, session, room, projector, printable grid, door signs.

The feeds they link to are on the `feeds` blueprint (`edcamp.publishing.feed_views`).
What a whole room reads (projector, printed grid, door signs) is in the event's language
(`edcamp.publishing.language.for_everyone`); the other pages follow the page's language.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from edcamp import live
from edcamp.attendees.session import session_attendee
from edcamp.contacts.checkin_window import OPENS_BEFORE as CHECKIN_OPENS_BEFORE
from edcamp.errors import Invalid, NotFound
from edcamp.extensions import db
from edcamp.languages import LANGUAGES
from edcamp.models import Event, Proposal
from edcamp.publishing import notes, personal, service, timeline
from edcamp.publishing.language import for_everyone
from edcamp.publishing.links import personal_feed_url, room_page_url
from edcamp.publishing.model import ScheduleInfo
from edcamp.publishing.qr import qr_svg
from edcamp.scheduling.receivers import channel as schedule_channel
from edcamp.urls import base_url, safe_next

bp = Blueprint("publishing", __name__)


def _clock(event: Event) -> datetime:
    """Now, or the moment `?at=` asks for (event-local when it has no offset)."""
    raw = request.args.get("at", "").strip()
    if not raw:
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError as error:
        raise Invalid(
            _("'at' must be a date and time like %(example)s.", example="2026-05-09T10:30"),
            field="at",
        ) from error
    if moment.tzinfo is None:
        from zoneinfo import ZoneInfo

        moment = moment.replace(tzinfo=ZoneInfo(event.timezone))
    return moment


def _load(slug: str) -> tuple[Event, ScheduleInfo | None]:
    event = service.get_event(slug)
    pub = service.published(slug)
    info = service.schedule_info(pub, base_url()) if pub.schedule_id else None
    return event, info


def _int_arg(name: str) -> int | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise Invalid(_("'%(name)s' must be a number.", name=name), field=name)
    return int(raw)


def webcal(url: str) -> str:
    parts = urlsplit(url)
    return "webcal://" + parts.netloc + parts.path


@bp.get("/events/<slug>/schedule")
def schedule(slug: str):
    event, info = _load(slug)
    attendee = session_attendee(event)
    mine = personal.my_session_ids(attendee) if attendee else set()
    if info is None:
        return render_template("publishing/unpublished.html", event=event)
    room_id, tag = _int_arg("room"), request.args.get("tag", "").strip()[:40] or None
    only_mine = request.args.get("mine") == "1"
    if room_id is not None and timeline.find_room(info, room_id) is None:
        raise Invalid(_("There is no such room at this event."), field="room")
    moment = _clock(event)
    sections = timeline.sections(
        info, moment, room_id=room_id, tag=tag, only=frozenset(mine) if only_mine else None
    )
    return render_template(
        "publishing/schedule.html",
        event=event,
        info=info,
        sections=sections,
        tags=timeline.tags(info),
        room_id=room_id,
        tag=tag,
        only_mine=only_mine,
        attendee=attendee,
        mine=mine,
        starred=personal.starred_ids(attendee) if attendee else set(),
        feed_webcal=webcal(base_url() + url_for("feeds.event_feed", slug=slug)),
        personal_webcal=_personal_webcal(attendee),
        live_clock=not request.args.get("at"),  # the page moves "Now" along by itself
        room_columns=timeline.room_columns(info) if room_id is None else {},
    )


def _personal_webcal(attendee) -> str:
    if attendee is None:
        return ""
    return webcal(personal_feed_url(attendee))


@bp.get("/events/<slug>/sessions/<int:session_id>")
def session(slug: str, session_id: int):
    event, info = _load(slug)
    found = timeline.find_session(info, session_id) if info else None
    if found is None:
        raise NotFound(_("This session is not on the published schedule."))
    attendee = session_attendee(event)
    organizer = _is_organizer(event)
    proposal = db.session.get(Proposal, session_id) if organizer else None
    return render_template(
        "publishing/session.html",
        is_organizer=organizer,
        own_notes_url=proposal.notes_url if proposal else "",
        own_video_url=proposal.video_url if proposal else "",
        own_language=(proposal.language or "") if proposal else "",
        languages=LANGUAGES,
        event=event,
        info=info,
        item=found,
        attendee=attendee,
        starred=personal.starred_ids(attendee) if attendee else set(),
        feed_webcal=webcal(base_url() + url_for("feeds.event_feed", slug=slug)),
    )


@bp.get("/events/<slug>/rooms/<int:room_id>")
def room(slug: str, room_id: int):
    event, info = _load(slug)
    model_room = service.get_room(event, room_id)
    sessions = info.sessions_in(room_id) if info else ()
    moment = _clock(event)
    # "now" includes the quarter hour before a session, when check-in to it opens
    current = [s for s in sessions if s.starts_at - CHECKIN_OPENS_BEFORE <= moment < s.ends_at]
    upcoming = [s for s in sessions if s.starts_at > moment and s not in current[:1]][:1]
    feed = base_url() + url_for("feeds.room_feed", slug=slug, room_id=room_id)
    return render_template(
        "publishing/room.html",
        event=event,
        info=info,
        room=model_room,
        sessions=sessions,
        current=current[0] if current else None,
        upcoming=upcoming[0] if upcoming else None,
        moment=moment,
        feed_webcal=webcal(feed),
        attendee=session_attendee(event),
        checkin_minutes=int(CHECKIN_OPENS_BEFORE.total_seconds() // 60),
    )


def _happening(slug: str):
    event, info = _load(slug)
    rows = timeline.happening(info, _clock(event)) if info else []
    return event, info, rows


@bp.get("/events/<slug>/now")
def projector(slug: str):
    with for_everyone(service.get_event(slug).language):
        event, info, rows = _happening(slug)
        return render_template("publishing/projector.html", event=event, info=info, rows=rows)


@bp.get("/events/<slug>/now/rows")
def projector_rows(slug: str):
    """The part of the projector view that refreshes itself."""
    with for_everyone(service.get_event(slug).language):
        event, info, rows = _happening(slug)
        return render_template(
            "publishing/_now_rows_partial.html", event=event, info=info, rows=rows
        )


@bp.get("/events/<slug>/now/stream")
def projector_stream(slug: str):
    """An event whenever a new version is published: the projector then reloads its rows."""
    event = service.get_event(slug)

    def current() -> dict:  # read again when the broker rebuilds the channel
        pub = service.published(slug)
        return {"version": pub.version, "event": slug}

    return live.sse_response(schedule_channel(event.id), current)


@bp.get("/events/<slug>/schedule/print")
def print_grid(slug: str):
    with for_everyone(service.get_event(slug).language):
        return _print_grid(slug)


def _print_grid(slug: str):
    event, info = _load(slug)
    if info is None:
        return render_template("publishing/unpublished.html", event=event)
    cells = {(s.room.id, s.slot_id): s for s in info.sessions}
    return render_template("publishing/print.html", event=event, info=info, cells=cells)


@bp.get("/events/<slug>/door-signs")
def door_signs(slug: str):
    with for_everyone(service.get_event(slug).language):
        return _door_signs(slug)


def _door_signs(slug: str):
    event, info = _load(slug)
    if info is None:
        return render_template("publishing/unpublished.html", event=event)
    signs = []
    for room_info in info.rooms:
        url = room_page_url(slug, room_info.id)
        signs.append((room_info, info.sessions_in(room_info.id), url, qr_svg(url).decode()))
    return render_template(
        "publishing/door_signs.html", event=event, info=info, signs=signs, moment=_clock(event)
    )


def _is_organizer(event: Event) -> bool:
    return current_user.is_authenticated and event.is_organizer(current_user)


@bp.post("/events/<slug>/sessions/<int:session_id>/notes-link")
@login_required
def notes_link(slug: str, session_id: int):
    event = service.get_event(slug)
    try:
        notes.set_session_details(
            event,
            session_id,
            by=current_user,
            notes_url=request.form.get("notes_url"),
            video_url=request.form.get("video_url"),
            language=request.form.get("language"),
        )
    except Invalid as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The session's links are saved."), "success")
    return redirect(url_for("publishing.session", slug=slug, session_id=session_id))


def _back(slug: str) -> str:
    """Back to the page the star was tapped on (a page of this site), else the schedule."""
    return safe_next(request.form.get("next")) or url_for("publishing.schedule", slug=slug)


@bp.post("/events/<slug>/sessions/<int:session_id>/star")
def star(slug: str, session_id: int):
    event = service.get_event(slug)
    attendee = session_attendee(event)
    if attendee is None:
        flash(_("Join the event to keep your own schedule."), "info")
        return redirect(url_for("attendees.join", slug=slug))
    wanted = request.form.get("starred", "1") == "1"
    personal.set_star(attendee, session_id, wanted)
    db.session.commit()
    if request.headers.get("HX-Request"):
        return render_template(
            "publishing/_star_partial.html",
            event=event,
            session_id=session_id,
            is_starred=wanted,
            next_url=_back(slug),
        )
    return redirect(_back(slug))


@bp.post("/events/<slug>/feed/rotate")
def rotate_feed(slug: str):
    from edcamp.attendees.service import rotate_feed_token

    event = service.get_event(slug)
    attendee = session_attendee(event)
    if attendee is None:
        abort(403)
    rotate_feed_token(attendee)
    db.session.commit()
    flash(_("Your calendar link was replaced. Subscribe again with the new link."), "success")
    return redirect(url_for("publishing.schedule", slug=slug, mine=1))
