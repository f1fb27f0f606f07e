"""Proposing and editing through the API, with every kind of bad input."""

from __future__ import annotations

import pytest

from edcamp.extensions import db
from edcamp.models import Facilitator, Proposal
from tests.helpers import bearer, error_code


@pytest.fixture
def setting(make_event, make_attendee, organizer_token):
    event = make_event()
    attendee, token = make_attendee(event)
    _other, other_token = make_attendee(event)
    org_token = organizer_token(event.organizers[0])
    return event, attendee, token, other_token, org_token


def proposals_url(event, *rest):
    return "/".join([f"/api/v1/events/{event.slug}/proposals", *map(str, rest)])


def test_attendee_proposes_and_facilitates(client, setting):
    event, attendee, token, _other, _org = setting
    response = client.post(
        proposals_url(event),
        json={"title": "  Genius   hour ", "description": "Why and how", "tags": ["#STEM", "k-5"]},
        headers=bearer(token),
    )
    assert response.status_code == 201
    body = response.get_json()
    assert body["title"] == "Genius hour"
    assert body["tags"] == ["STEM", "k-5"]  # as typed, without the "#"
    assert body["facilitating"] is True
    # No attendee ids in an attendee's answer: public names, and whether it is theirs.
    assert "facilitator_ids" not in body
    assert "proposer_id" not in body
    assert body["facilitators"] == ["a participant"]
    assert body["mine"] is True
    assert body["i_facilitate"] is True
    assert body["votes"] == 0


def test_a_request_has_no_facilitator_until_someone_offers(client, setting):
    event, _attendee, token, other_token, _org = setting
    created = client.post(
        proposals_url(event),
        json={"title": "Help with AI", "facilitating": False},
        headers=bearer(token),
    ).get_json()
    assert created["facilitators"] == []
    assert created["is_request"] is True
    offer = client.post(
        proposals_url(event, created["id"], "facilitators"), headers=bearer(other_token)
    )
    assert offer.status_code == 200
    assert offer.get_json()["facilitators"] == ["a participant"]
    assert offer.get_json()["i_facilitate"] is True
    client.post(proposals_url(event, created["id"], "facilitators"), headers=bearer(other_token))
    assert db.session.query(Facilitator).count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"title": 5}, "title"),
        ({"title": "ok", "description": "d" * 2001}, "description"),
        ({"title": "ok", "tags": "not-a-list"}, "tags"),
        ({"title": "ok", "tags": ["t" * 31]}, "tags"),
        ({"title": "ok", "tags": [1]}, "tags"),
        ({"title": "ok", "facilitating": "yes"}, "facilitating"),
        ({"title": "ok", "votes": 10}, "votes"),
    ],
)
def test_bad_proposals_are_rejected_and_nothing_is_stored(client, setting, body, field):
    event, _attendee, token, _other, _org = setting
    response = client.post(proposals_url(event), json=body, headers=bearer(token))
    assert response.status_code == 422, response.get_json()
    assert error_code(response) == "invalid"
    assert response.get_json()["error"]["field"] == field
    assert db.session.query(Proposal).count() == 0


def test_non_json_body_is_a_clear_400(client, setting):
    event, _attendee, token, _other, _org = setting
    response = client.post(
        proposals_url(event),
        data="title=x",
        headers={**bearer(token), "Content-Type": "text/plain"},
    )
    assert response.status_code == 400
    assert error_code(response) == "bad_json"


def test_proposing_needs_an_attendee(client, setting):
    event, *_rest, org_token = setting
    assert client.post(proposals_url(event), json={"title": "x"}).status_code == 401
    as_org = client.post(proposals_url(event), json={"title": "x"}, headers=bearer(org_token))
    assert as_org.status_code == 401


def test_title_with_markup_is_kept_as_text(client, setting):
    event, _attendee, token, _other, _org = setting
    created = client.post(
        proposals_url(event), json={"title": "<script>alert(1)</script>"}, headers=bearer(token)
    ).get_json()
    assert created["title"] == "<script>alert(1)</script>"


def test_proposer_edits_until_voting_closes(client, setting):
    event, _attendee, token, _other, _org = setting
    pid = client.post(proposals_url(event), json={"title": "A"}, headers=bearer(token)).get_json()[
        "id"
    ]
    edited = client.patch(
        proposals_url(event, pid), json={"title": "B", "tags": ["x"]}, headers=bearer(token)
    )
    assert edited.status_code == 200
    assert edited.get_json()["title"] == "B"
    event.voting = "closed"
    db.session.commit()
    late = client.patch(proposals_url(event, pid), json={"title": "C"}, headers=bearer(token))
    assert late.status_code == 403
    assert error_code(late) == "voting_closed"


def test_others_cannot_edit_and_only_organizers_hide(client, setting):
    event, _attendee, token, other_token, org_token = setting
    pid = client.post(proposals_url(event), json={"title": "A"}, headers=bearer(token)).get_json()[
        "id"
    ]
    assert (
        client.patch(
            proposals_url(event, pid), json={"title": "Z"}, headers=bearer(other_token)
        ).status_code
        == 403
    )
    hide_self = client.patch(
        proposals_url(event, pid), json={"hidden": True}, headers=bearer(token)
    )
    assert hide_self.status_code == 403
    assert client.patch(proposals_url(event, pid), json={"title": "Z"}).status_code == 401
    hidden = client.patch(
        proposals_url(event, pid), json={"hidden": True}, headers=bearer(org_token)
    )
    assert hidden.get_json()["hidden"] is True
    assert client.get(proposals_url(event, pid)).status_code == 404
    assert client.get(proposals_url(event, pid), headers=bearer(org_token)).status_code == 200
    shown = client.patch(
        proposals_url(event, pid), json={"hidden": False}, headers=bearer(org_token)
    )
    assert shown.get_json()["hidden"] is False


def test_editing_rejects_oversized_and_unknown_fields(client, setting):
    event, _attendee, token, _other, _org = setting
    pid = client.post(proposals_url(event), json={"title": "A"}, headers=bearer(token)).get_json()[
        "id"
    ]
    too_long = client.patch(
        proposals_url(event, pid), json={"description": "d" * 2001}, headers=bearer(token)
    )
    assert too_long.status_code == 422
    unknown = client.patch(proposals_url(event, pid), json={"event_id": 3}, headers=bearer(token))
    assert unknown.status_code == 422
    assert db.session.get(Proposal, pid).description == ""


def test_proposals_of_other_events_are_not_found(client, setting, make_event, make_attendee):
    event, _attendee, token, _other, org_token = setting
    other = make_event()
    _a, other_token = make_attendee(other)
    foreign = client.post(
        proposals_url(other), json={"title": "F"}, headers=bearer(other_token)
    ).get_json()["id"]
    assert client.get(proposals_url(event, foreign)).status_code == 404
    assert (
        client.patch(
            proposals_url(event, foreign), json={"title": "x"}, headers=bearer(org_token)
        ).status_code
        == 404
    )
    assert (
        client.post(
            proposals_url(event, foreign, "facilitators"), headers=bearer(token)
        ).status_code
        == 404
    )
    assert client.get(proposals_url(event, 2**40)).status_code == 404
