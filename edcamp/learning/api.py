"""JSON API of reflections and the learning record: the same domain functions as the pages."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app, jsonify
from flask_babel import gettext as _

from edcamp.api import api_blueprint
from edcamp.api.auth import require_attendee, require_event_organizer
from edcamp.api.inputs import boolean, json_body, string, unknown_fields
from edcamp.api.openapi import document
from edcamp.errors import Invalid
from edcamp.events.service import get_event, local_datetime
from edcamp.extensions import db
from edcamp.learning import confirmation, record, reflections, sessions
from edcamp.learning.reflections import RecordReflection, ReflectionText
from edcamp.models import Attendee, Event
from edcamp.urls import external_url

bp = api_blueprint("learning_api", __name__)

REFLECTION = {"learned?": "string", "will_try?": "string", "on_record?": "boolean"}


def _reflection_json(reflection: RecordReflection | None) -> dict | None:
    if reflection is None:
        return None
    return {
        "session_id": reflection.session_id,
        "title": reflection.title,
        "learned": reflection.learned,
        "will_try": reflection.will_try,
        "outcome": reflection.outcome,
        "on_record": reflection.on_record,
        "evidence": [{"id": e.id, "url": e.url, "label": e.label} for e in reflection.evidence],
    }


def _session_json(event: Event, line) -> dict:
    return {
        "session_id": line.session_id,
        "title": line.title,
        "room": line.room,
        "part": line.part.lower(),
        "starts_at": local_datetime(event, line.starts_at).isoformat(),
        "ends_at": local_datetime(event, line.ends_at).isoformat(),
        "minutes": line.minutes,
    }


def _moment(event: Event, utc: datetime) -> str:
    """A stored (naive UTC) moment with the event's UTC offset, as the contract asks."""
    return utc.replace(tzinfo=UTC).astimezone(ZoneInfo(event.timezone)).isoformat()


def _one(attendee: Attendee, session_id: int) -> dict:
    for item in reflections.my_reflections(attendee):
        if item.line.session_id == session_id:
            return _reflection_json(item.reflection) or {}
    return {}


@bp.get("/events/<slug>/me/reflections")
@document(
    "The sessions I led or checked into, each with my reflection (or null)",
    auth="attendee",
    returns={"sessions": "object[]"},
    errors=(401,),
)
def list_reflections(slug: str):
    event = get_event(slug)
    attendee = require_attendee(event)
    items = [
        {**_session_json(event, i.line), "reflection": _reflection_json(i.reflection)}
        for i in reflections.my_reflections(attendee)
    ]
    return jsonify({"sessions": items})


@bp.put("/events/<slug>/me/reflections/<int:session_id>")
@document(
    "Write or change my reflection on a session I led or checked into",
    auth="attendee",
    body=REFLECTION,
    returns={"session_id": "integer", "evidence": "object[]"},
    errors=(400, 401, 403, 404, 422),
)
def put_reflection(slug: str, session_id: int):
    attendee = require_attendee(get_event(slug))
    sessions.session_line(attendee, session_id)  # 404 / 403 before the body is read
    body = json_body()
    unknown_fields(body, {k.rstrip("?") for k in REFLECTION})
    text = ReflectionText(
        learned=string(body, "learned", max_length=reflections.MAX_LEARNED) or "",
        will_try=string(body, "will_try", max_length=reflections.MAX_WILL_TRY) or "",
        on_record=boolean(body, "on_record", default=False),
    )
    reflections.save_reflection(attendee, session_id, text)
    db.session.commit()
    return jsonify(_one(attendee, session_id))


@bp.delete("/events/<slug>/me/reflections/<int:session_id>")
@document("Delete my reflection on a session", auth="attendee", status=204, errors=(401, 404))
def delete_reflection(slug: str, session_id: int):
    attendee = require_attendee(get_event(slug))
    reflections.delete_reflection(attendee, session_id)
    db.session.commit()
    return "", 204


@bp.put("/events/<slug>/me/reflections/<int:session_id>/outcome")
@document(
    '"Did you try it?": how it went (empty clears it); it joins the record',
    auth="attendee",
    body={"outcome": "string"},
    returns={"session_id": "integer", "outcome": "string"},
    errors=(400, 401, 409, 422),
)
def put_outcome(slug: str, session_id: int):
    attendee = require_attendee(get_event(slug))
    sessions.session_line(attendee, session_id)  # 404 / 403 before the body is read
    body = json_body()
    unknown_fields(body, {"outcome"})
    outcome = string(body, "outcome", max_length=reflections.MAX_OUTCOME)
    if outcome is None:
        raise Invalid(
            _("'%(field)s' is required (an empty string clears it).", field="outcome"),
            field="outcome",
        )
    reflections.set_outcome(attendee, session_id, outcome)
    db.session.commit()
    return jsonify(_one(attendee, session_id))


@bp.post("/events/<slug>/me/reflections/<int:session_id>/evidence")
@document(
    "Add an evidence link (http or https) to my reflection on a session",
    auth="attendee",
    body={"url": "string", "label?": "string"},
    returns={"id": "integer", "url": "string", "label": "string"},
    status=201,
    errors=(400, 401, 403, 404, 409, 422),
)
def add_evidence(slug: str, session_id: int):
    attendee = require_attendee(get_event(slug))
    sessions.session_line(attendee, session_id)  # 404 / 403 before the body is read
    body = json_body()
    unknown_fields(body, {"url", "label"})
    link = reflections.add_evidence(
        attendee,
        session_id,
        string(body, "url", required=True, max_length=500),
        string(body, "label", max_length=reflections.MAX_LABEL) or "",
    )
    db.session.commit()
    return jsonify({"id": link.id, "url": link.url, "label": link.label}), 201


@bp.delete("/events/<slug>/me/evidence/<int:evidence_id>")
@document("Remove one of my evidence links", auth="attendee", status=204, errors=(401, 404))
def remove_evidence(slug: str, evidence_id: int):
    attendee = require_attendee(get_event(slug))
    reflections.remove_evidence(attendee, evidence_id)
    db.session.commit()
    return "", 204


def _record_json(event: Event, attendee: Attendee) -> dict:
    data = record.learning_record(attendee)
    token = record.record_token(attendee, current_app.secret_key)
    lines = [_session_json(event, line) for line in data.lines]
    confirmed = data.confirmation
    return {
        "participant": data.attendee_name,
        "event": {"name": data.event_name, "date": data.event_date.isoformat()},
        "organizers": list(data.organizers),
        "sessions": lines,
        "total_minutes": data.total_minutes,
        "total_hours": data.total_hours,
        "facilitated": len(data.facilitated),
        "reflections": [_reflection_json(r) for r in data.reflections],
        "private_reflections": data.private_reflections,
        "confirmation": {
            "confirmed_by": confirmed.confirmed_by,
            "confirmed_at": _moment(event, confirmed.confirmed_at),
            "note": confirmed.note,
        }
        if confirmed
        else None,
        "verify_url": external_url("learning_record.verify_record", slug=event.slug, token=token),
        "pdf_url": external_url("learning_record.verify_record_pdf", slug=event.slug, token=token),
    }


@bp.get("/events/<slug>/me/record")
@document(
    "My learning record: sessions, hours, facilitation, the reflections I put on it, the "
    "organizers' confirmation, and its verification and PDF links",
    auth="attendee",
    returns={"sessions": "object[]", "total_hours": "number", "verify_url": "string"},
    errors=(401,),
)
def get_record(slug: str):
    event = get_event(slug)
    return jsonify(_record_json(event, require_attendee(event)))


@bp.post("/events/<slug>/me/record-link")
@document(
    "Replace my learning-record link: the old verification link and PDF link answer 404",
    auth="attendee",
    returns={"verify_url": "string", "pdf_url": "string"},
    errors=(401,),
)
def rotate_record_link(slug: str):
    event = get_event(slug)
    attendee = require_attendee(event)
    record.rotate_record_link(attendee)
    db.session.commit()
    answer = _record_json(event, attendee)
    return jsonify({"verify_url": answer["verify_url"], "pdf_url": answer["pdf_url"]})


@bp.put("/events/<slug>/records/confirmation")
@document(
    "Confirm the event's learning records, in my name (again: a new note and date)",
    auth="organizer",
    body={"note?": "string"},
    returns={"confirmed_by": "string", "confirmed_at": "string", "note": "string"},
    errors=(400, 401, 403, 422),
)
def confirm_records(slug: str):
    event = get_event(slug)
    organizer = require_event_organizer(event)
    body = json_body()
    unknown_fields(body, {"note"})
    note = string(body, "note", max_length=confirmation.MAX_NOTE) or ""
    done = confirmation.confirm_records(event, by=organizer, note=note)
    db.session.commit()
    return jsonify(
        {
            "confirmed_by": done.confirmed_by,
            "confirmed_at": _moment(event, done.confirmed_at),
            "note": done.note,
        }
    )


@bp.delete("/events/<slug>/records/confirmation")
@document("Withdraw the confirmation", auth="organizer", status=204, errors=(401, 403))
def withdraw_confirmation(slug: str):
    event = get_event(slug)
    confirmation.withdraw_confirmation(event, by=require_event_organizer(event))
    db.session.commit()
    return "", 204
