"""JSON API of connections: asking, answering, withdrawing, blocking, partner classes.

The contract's three routes (``POST connections``, ``POST connections/{id}/accept``,
``GET me/connections``) plus what the pages need too. The same domain functions as the
pages: a privacy rule lives in one place.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import jsonify
from flask_babel import gettext as _

from edcamp.api import api_blueprint
from edcamp.api.auth import require_attendee
from edcamp.api.inputs import choice, integer, json_body, string, string_list, unknown_fields
from edcamp.api.openapi import document
from edcamp.connections import blocks, lists, partners, service
from edcamp.connections.sharing import SHAREABLE, shared_details
from edcamp.errors import Invalid
from edcamp.events.service import get_event, zone
from edcamp.extensions import db
from edcamp.models import Attendee, Connection, Event

bp = api_blueprint("connections_api", __name__)

ASK_FIELDS = {"to": "integer", "kind?": "string", "message?": "string", "share?": "string[]"}
LISTING_FIELDS = {"subject": "string", "grade_levels": "string[]", "idea": "string"}


def _when(event: Event, moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone(zone(event)).isoformat()


def _shares(body: dict) -> list[str] | None:
    """``share``: absent means everything one has filled in; [] shares only one's name."""
    if "share" not in body:
        return None
    chosen = string_list(body, "share", max_items=len(SHAREABLE), max_length=20)
    return chosen or []


def _me(slug: str) -> tuple[Event, Attendee]:
    event = get_event(slug)
    return event, require_attendee(event)


def _answer(event: Event, connection: Connection, me: Attendee) -> dict:
    """One request or connection as ``me`` may see it: "waiting" hides an ignore."""
    mine = connection.from_id == me.id
    status = {"pending": "waiting", "ignored": "waiting" if mine else "ignored"}.get(
        connection.status, "connected" if connection.status == "accepted" else "withdrawn"
    )
    answer = {
        "id": connection.id,
        "kind": connection.kind,
        "status": status,
        "asked_by_me": mine,
        "created_at": _when(event, connection.created_at),
    }
    if connection.status == "accepted":
        other = db.session.get(Attendee, connection.to_id if mine else connection.from_id)
        theirs = connection.to_shares if mine else connection.from_shares
        answer["person"] = {"attendee_id": other.id, **shared_details(other, theirs).as_json()}
        answer["i_share"] = list(connection.from_shares if mine else connection.to_shares)
    return answer


@bp.post("/events/<slug>/connections")
@document(
    "Ask another attendee to connect (kind: stay_in_touch or collaborate); share: what you "
    "show them once they accept (default: everything on your profile)",
    auth="attendee",
    body=ASK_FIELDS,
    returns={"id": "integer", "kind": "string", "status": "string"},
    status=201,
    errors=(400, 401, 404, 409, 422, 429),
)
def ask(slug: str):
    event, me = _me(slug)
    body = json_body()
    unknown_fields(body, {k.rstrip("?") for k in ASK_FIELDS})
    connection = service.ask(
        me,
        integer(body, "to", required=True),
        kind=choice(body, "kind", tuple(service.KINDS), default="stay_in_touch"),
        message=string(body, "message", max_length=service.MAX_MESSAGE),
        shares=_shares(body),
    )
    db.session.commit()
    created = connection.status != "accepted"  # accepted: they had asked first
    return jsonify(_answer(event, connection, me)), 201 if created else 200


@bp.post("/events/<slug>/connections/<int:connection_id>/accept")
@document(
    "Accept a request (the person asked only); share: what you show the asker",
    auth="attendee",
    body={"share?": "string[]"},
    returns={"id": "integer", "status": "string", "person": "object"},
    errors=(400, 401, 403, 404, 409, 422),
)
def accept(slug: str, connection_id: int):
    event, me = _me(slug)
    body = json_body()
    unknown_fields(body, {"share"})
    connection = service.connection_of(event, connection_id, me)
    service.accept(connection, by=me, shares=_shares(body))
    db.session.commit()
    return jsonify(_answer(event, connection, me))


@bp.post("/events/<slug>/connections/<int:connection_id>/ignore")
@document(
    "Ignore a request (the asker is never told)",
    auth="attendee",
    returns={"id": "integer", "status": "string"},
    errors=(401, 403, 404, 409),
)
def ignore(slug: str, connection_id: int):
    event, me = _me(slug)
    connection = service.connection_of(event, connection_id, me)
    service.ignore(connection, by=me)
    db.session.commit()
    return jsonify(_answer(event, connection, me))


@bp.patch("/events/<slug>/connections/<int:connection_id>")
@document(
    "Change what I share with a connection (either side; [] shares only my name)",
    auth="attendee",
    body={"share": "string[]"},
    returns={"id": "integer", "status": "string", "i_share": "string[]"},
    errors=(400, 401, 404, 409, 422),
)
def change_shares(slug: str, connection_id: int):
    event, me = _me(slug)
    body = json_body()
    unknown_fields(body, {"share"})
    if "share" not in body:
        raise Invalid(_("'share' is required."), field="share")
    connection = service.connection_of(event, connection_id, me)
    service.change_shares(connection, by=me, shares=_shares(body))
    db.session.commit()
    return jsonify(_answer(event, connection, me))


@bp.delete("/events/<slug>/connections/<int:connection_id>")
@document(
    "Withdraw a request or end a connection (either side): details are hidden again",
    auth="attendee",
    status=204,
    errors=(401, 404),
)
def withdraw(slug: str, connection_id: int):
    event, me = _me(slug)
    service.withdraw(service.connection_of(event, connection_id, me), by=me)
    db.session.commit()
    return "", 204


@bp.get("/events/<slug>/me/connections")
@document(
    "My accepted connections, with the details each one chose to share with me",
    auth="attendee",
    returns={"connections": "object[]"},
    errors=(401,),
)
def my_connections(slug: str):
    event, me = _me(slug)
    return jsonify(
        {
            "connections": [
                {
                    "id": c.id,
                    "kind": c.kind,
                    "status": "connected",
                    "asked_by_me": c.asked_by_me,
                    "since": _when(event, c.since),
                    "person": {"attendee_id": c.person_id, **c.person.as_json()},
                    "i_share": list(c.i_share),
                }
                for c in lists.connections(me)
            ]
        }
    )


@bp.get("/events/<slug>/me/connection-requests")
@document(
    "Requests waiting for me (incoming) and mine still waiting (sent)",
    auth="attendee",
    returns={"incoming": "object[]", "sent": "object[]"},
    errors=(401,),
)
def my_requests(slug: str):
    event, me = _me(slug)
    incoming = [
        {
            "id": r.id,
            "kind": r.kind,
            "message": r.message,
            "from": {"attendee_id": r.asker_id, "name": r.asker_name},
            "created_at": _when(event, r.created_at),
        }
        for r in lists.incoming(me)
    ]
    sent = [
        {
            "id": r.id,
            "kind": r.kind,
            "message": r.message,
            "status": "waiting",
            "to": {"attendee_id": r.person_id, "name": r.person_name},
            "created_at": _when(event, r.created_at),
        }
        for r in lists.sent(me)
    ]
    return jsonify({"incoming": incoming, "sent": sent})


@bp.get("/events/<slug>/me/blocks")
@document("People I blocked", auth="attendee", returns={"blocked": "object[]"}, errors=(401,))
def my_blocks(slug: str):
    _event, me = _me(slug)
    people = blocks.blocked_people(me)
    return jsonify({"blocked": [{"attendee_id": b.attendee_id, "name": b.name} for b in people]})


@bp.post("/events/<slug>/me/blocks")
@document(
    "Block someone who asked me (or a connection): they are never told",
    auth="attendee",
    body={"attendee_id": "integer"},
    returns={"attendee_id": "integer"},
    status=201,
    errors=(400, 401, 404, 422),
)
def block(slug: str):
    _event, me = _me(slug)
    body = json_body()
    unknown_fields(body, {"attendee_id"})
    person = blocks.block(me, integer(body, "attendee_id", required=True))
    db.session.commit()
    return jsonify({"attendee_id": person.id}), 201


@bp.delete("/events/<slug>/me/blocks/<int:attendee_id>")
@document("Unblock someone", auth="attendee", status=204, errors=(401, 404))
def unblock(slug: str, attendee_id: int):
    _event, me = _me(slug)
    blocks.unblock(me, attendee_id)
    db.session.commit()
    return "", 204


def _listing_json(listing) -> dict:
    return {
        "subject": listing.subject,
        "grade_levels": list(listing.grade_levels),
        "idea": listing.idea,
    }


@bp.get("/events/<slug>/partner-classes")
@document(
    "Colleagues looking for a partner class: matching ones first, with the reason",
    auth="attendee",
    returns={"mine": "object", "listings": "object[]"},
    errors=(401,),
)
def partner_classes(slug: str):
    _event, me = _me(slug)
    own = partners.my_listing(me)
    listings = [
        {
            "attendee_id": m.listing.attendee_id,
            "name": m.listing.name,
            "subject": m.listing.subject,
            "grade_levels": list(m.listing.grade_levels),
            "idea": m.listing.idea,
            "matches": m.score > 0,
            "reason": m.reason or None,
        }
        for m in partners.listings_for(me)
    ]
    return jsonify({"mine": _listing_json(own) if own else None, "listings": listings})


@bp.put("/events/<slug>/me/partner-class")
@document(
    "Say I am looking for a partner class: my name, subject, grade levels and idea are "
    "shown to this event's attendees (no contact details)",
    auth="attendee",
    body=LISTING_FIELDS,
    returns=LISTING_FIELDS,
    errors=(400, 401, 422),
)
def put_partner_class(slug: str):
    _event, me = _me(slug)
    body = json_body()
    unknown_fields(body, set(LISTING_FIELDS))
    grades = string_list(body, "grade_levels")
    if grades is None:
        raise Invalid(_("'grade_levels' is required."), field="grade_levels")
    listing = partners.save_listing(
        me,
        subject=string(body, "subject", required=True, max_length=partners.MAX_SUBJECT),
        grade_levels=grades,
        idea=string(body, "idea", required=True, max_length=partners.MAX_IDEA),
    )
    db.session.commit()
    return jsonify(_listing_json(listing))


@bp.delete("/events/<slug>/me/partner-class")
@document("Stop looking for a partner class", auth="attendee", status=204, errors=(401,))
def delete_partner_class(slug: str):
    _event, me = _me(slug)
    partners.remove_listing(me)
    db.session.commit()
    return "", 204
