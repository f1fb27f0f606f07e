"""JSON API of feedback and the follow-up mail; the same domain functions as the pages."""

from __future__ import annotations

from dataclasses import asdict

from flask import jsonify
from flask_babel import gettext as _

from edcamp.api import api_blueprint
from edcamp.api.auth import api_attendee, api_organizer, require_attendee, require_event_organizer
from edcamp.api.inputs import boolean, json_body, string, unknown_fields
from edcamp.api.openapi import document
from edcamp.errors import Invalid, Unauthorized
from edcamp.events.service import get_event
from edcamp.extensions import db
from edcamp.feedback import followup_mail, report_charts, service
from edcamp.models import SessionFeedback
from edcamp.proposals.service import get_proposal

bp = api_blueprint("feedback_api", __name__)


def _mine_json(row: SessionFeedback) -> dict:
    return {
        "session_id": row.proposal_id,
        "useful": row.useful,
        "comment": row.comment,
        "updated_at": row.updated_at.isoformat() + "Z",
    }


@bp.put("/events/<slug>/sessions/<int:session_id>/feedback")
@document(
    "Say whether a session that has ended was useful, with an optional comment to its "
    "facilitators; again to change it",
    auth="attendee",
    body={"useful": "boolean", "comment?": "string"},
    returns={"session_id": "integer", "useful": "boolean", "comment": "string"},
    errors=(400, 401, 404, 409, 422),
)
def put_feedback(slug: str, session_id: int):
    event = get_event(slug)
    attendee = require_attendee(event)
    proposal = get_proposal(event, session_id)
    body = json_body()
    unknown_fields(body, {"useful", "comment"})
    useful = boolean(body, "useful")
    if useful is None:
        raise Invalid(
            _(
                "'%(field)s' is required: true (useful) or false (not for me).",
                field="useful",
            ),
            field="useful",
        )
    comment = string(body, "comment", max_length=service.MAX_COMMENT) or ""
    row = service.give_feedback(attendee, proposal, useful=useful, comment=comment)
    db.session.commit()
    return jsonify(_mine_json(row))


@bp.delete("/events/<slug>/sessions/<int:session_id>/feedback")
@document("Withdraw one's feedback on a session", auth="attendee", status=204, errors=(401, 404))
def delete_feedback(slug: str, session_id: int):
    event = get_event(slug)
    attendee = require_attendee(event)
    service.withdraw_feedback(attendee, get_proposal(event, session_id))
    db.session.commit()
    return "", 204


@bp.get("/events/<slug>/me/feedback")
@document("The feedback I gave, per session", auth="attendee", returns={"feedback": "object[]"})
def my_feedback(slug: str):
    attendee = require_attendee(get_event(slug))
    rows = db.session.scalars(
        db.select(SessionFeedback)
        .where(SessionFeedback.attendee_id == attendee.id)
        .order_by(SessionFeedback.proposal_id)
    )
    return jsonify({"feedback": [_mine_json(row) for row in rows]})


@bp.get("/events/<slug>/sessions/<int:session_id>/feedback")
@document(
    "A session's feedback, without names: for its facilitators and the event's organizers",
    auth="attendee",
    returns={"useful": "integer", "not_for_me": "integer", "comments": "object[]"},
    errors=(401, 403, 404),
)
def get_feedback(slug: str, session_id: int):
    event = get_event(slug)
    organizer = api_organizer()
    attendee = None if organizer is not None else api_attendee(event)
    if organizer is None and attendee is None:
        raise Unauthorized(_("Send an organizer token or the attendee token of a facilitator."))
    is_organizer = organizer is not None and event.is_organizer(organizer)
    proposal = get_proposal(event, session_id, include_hidden=is_organizer)
    summary = service.session_feedback(proposal, attendee=attendee, organizer=organizer)
    return jsonify(
        {
            "session_id": proposal.id,
            "title": proposal.title,
            "useful": summary.useful,
            "not_for_me": summary.not_for_me,
            "comments": [{"useful": c.useful, "comment": c.text} for c in summary.comments],
        }
    )


@bp.get("/events/<slug>/follow-up")
@document(
    "Who the follow-up mail reaches (numbers only) and a preview of it",
    auth="organizer",
    returns={"audience": "object", "subject": "string", "preview": "string"},
    errors=(401, 403),
)
def get_follow_up(slug: str):
    event = get_event(slug)
    require_event_organizer(event)
    subject, text = followup_mail.preview(event)
    return jsonify(
        {
            "audience": asdict(followup_mail.audience(event)),
            "subject": subject,
            "preview": text,
        }
    )


@bp.post("/events/<slug>/follow-up/send")
@document(
    "Send the follow-up mail to each attendee with a confirmed email who did not opt out; "
    "sending again mails only those who have not had it",
    auth="organizer",
    returns={"queued": "integer"},
    status=202,
    errors=(401, 403, 409),
)
def send_follow_up(slug: str):
    event = get_event(slug)
    organizer = require_event_organizer(event)
    queued = followup_mail.send_follow_up(event, by=organizer)
    db.session.commit()
    return jsonify({"queued": queued}), 202


@bp.get("/events/<slug>/report")
@document(
    "The organizer's report: sessions with votes, check-ins and feedback; demand by tag, "
    "check-ins per slot, feedback per tag, connections made and PD hours delivered",
    auth="organizer",
    returns={"sessions": "object[]", "demand_by_tag": "object[]", "pd_hours": "object"},
    errors=(401, 403),
)
def get_report(slug: str):
    event = get_event(slug)
    require_event_organizer(event)
    found_report, found, _charts = report_charts.full_report(event)
    pd = found.pd
    return jsonify(
        {
            "published": found_report.published,
            "sessions": [
                {
                    "id": r.proposal_id,
                    "title": r.title,
                    "tags": list(r.tags),
                    "votes": r.votes,
                    "stars": r.stars,
                    "checkins": r.checkins,
                    "room": r.room,
                    "capacity": r.capacity,
                    "starts_at": r.starts_at,
                    "overflow": r.overflow,
                    "hidden": r.hidden,
                    "feedback": {"useful": r.useful, "not_for_me": r.not_for_me},
                }
                for r in found_report.rows
            ],
            "demand_by_tag": [asdict(d) for d in found_report.demand_by_tag],
            "checkins_by_slot": [asdict(s) for s in found.by_slot],
            "feedback_by_tag": [asdict(f) for f in found.feedback_by_tag],
            "connections": [{"kind": k, "count": n} for k, n in found.connections],
            "pd_hours": {
                "hours": pd.hours,
                "minutes": pd.minutes,
                "people": pd.people,
                "facilitators": pd.facilitators,
            },
        }
    )
