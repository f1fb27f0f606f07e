"""Joining through the API: the attendee token, the feed URL, and every bad input a 4xx."""

from __future__ import annotations

import re

import pytest

from edcamp.api.auth import api_attendee, require_attendee
from edcamp.errors import Unauthorized
from edcamp.extensions import db
from edcamp.models import Attendee, Proposal
from tests.helpers import bearer, error_code


def attendees() -> list[Attendee]:
    db.session.rollback()
    return db.session.query(Attendee).order_by(Attendee.id).all()


@pytest.fixture
def event(make_event):
    return make_event(slug="spring-26")


def join(client, event, **body):
    body.setdefault("join_code", event.join_code)
    return client.post(f"/api/v1/events/{event.slug}/join", json=body)


def test_join_returns_id_token_and_feed_url(client, event):
    response = join(client, event, name="Pat Teacher")

    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"attendee_id", "attendee_token", "feed_url"}
    [pat] = attendees()
    assert body["attendee_id"] == pat.id
    assert body["attendee_token"].startswith("att_")
    assert body["attendee_token"] not in pat.token_hash
    assert body["feed_url"] == f"https://edcamp.test/feeds/{pat.feed_token}.ics"
    assert pat.share_contact is False


def test_join_stores_the_whole_profile(client, event):
    response = join(
        client,
        event,
        name="Pat",
        email="Pat@School.test",
        share_contact=True,
        share_email=True,
        role="Teacher",
        subjects=["Math", " Science "],
        grade_levels=["K-2"],
        handles={
            "mastodon": "@pat@mastodon.social",
            "bluesky": "@Pat.bsky.social",
            "x": "@pat_x",
            "linkedin": "https://www.linkedin.com/in/pat-t",
            "website": "https://pat.example.org",
            "blog_feed": "https://pat.example.org/feed.xml",
        },
    )

    assert response.status_code == 201
    [pat] = attendees()
    assert pat.email == "pat@school.test"
    assert (pat.share_contact, pat.share_email) == (True, True)
    assert pat.subjects == ["Math", "Science"]
    assert pat.grade_levels == ["K-2"]
    assert pat.bluesky == "pat.bsky.social"
    assert pat.website == "https://pat.example.org/"


def test_share_email_without_an_email_is_not_stored(client, event):
    join(client, event, name="Pat", share_email=True)

    [pat] = attendees()
    assert pat.share_email is False


def test_wrong_code_is_403_and_stores_nothing(client, event):
    response = join(client, event, join_code="ZZZZZZ", name="Pat")

    assert response.status_code == 403
    assert error_code(response) == "wrong_join_code"
    assert attendees() == []


def test_another_events_code_is_403(client, event, make_event):
    other = make_event()

    response = join(client, event, join_code=other.join_code, name="Pat")

    assert response.status_code == 403
    assert error_code(response) == "wrong_join_code"
    assert attendees() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": None}, "name"),
        ({"name": 42}, "name"),
        ({"name": ["Pat"]}, "name"),
        ({"name": "N" * 10_000}, "name"),
        ({"name": "Pat", "join_code": None}, "join_code"),
        ({"name": "Pat", "join_code": 123456}, "join_code"),
        ({"name": "Pat", "join_code": "A" * 10_000}, "join_code"),
        ({"name": "Pat", "email": "not-an-email"}, "email"),
        ({"name": "Pat", "email": 5}, "email"),
        ({"name": "Pat", "share_contact": "yes"}, "share_contact"),
        ({"name": "Pat", "share_contact": 1}, "share_contact"),
        ({"name": "Pat", "role": "Wizard"}, "role"),
        ({"name": "Pat", "subjects": "Math"}, "subjects"),
        ({"name": "Pat", "subjects": [1, 2]}, "subjects"),
        ({"name": "Pat", "grade_levels": ["Kindergarten+"]}, "grade_levels"),
        ({"name": "Pat", "handles": ["@pat@mastodon.social"]}, "handles"),
        ({"name": "Pat", "handles": "@pat@mastodon.social"}, "handles"),
        ({"name": "Pat", "handles": []}, "handles"),
        ({"name": "Pat", "handles": False}, "handles"),
        ({"name": "Pat", "handles": {"myspace": "pat"}}, "myspace"),
        ({"name": "Pat", "handles": {"website": "javascript:alert(1)"}}, "website"),
        ({"name": "Pat", "handles": {"website": 5}}, "website"),
        ({"name": "Pat", "handles": {"mastodon": {"user": "pat"}}}, "mastodon"),
        ({"name": "Pat", "handles": {"blog_feed": "https://x.org/" + "a" * 10_000}}, "blog_feed"),
        ({"name": "Pat", "handles": {"website": "example.org/" + "a" * 283}}, "website"),
        ({"name": "Pat", "admin": True}, "admin"),
        ({"name": "Pat", "event_id": 1}, "event_id"),
    ],
)
def test_bad_join_input_is_422_and_stores_nothing(client, event, body, field):
    body = {"join_code": event.join_code, **body}
    body = {k: v for k, v in body.items() if not (k == "join_code" and v is None)}

    response = client.post("/api/v1/events/spring-26/join", json=body)

    assert response.status_code == 422, response.get_json()
    assert error_code(response) == "invalid"
    assert response.get_json()["error"]["field"] == field
    assert attendees() == []


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ("name=Pat", "application/x-www-form-urlencoded"),
        ("{broken", "application/json"),
        ('["Pat"]', "application/json"),
        ("null", "application/json"),
        ("true", "application/json"),
    ],
)
def test_join_body_must_be_a_json_object(client, event, data, content_type):
    response = client.post("/api/v1/events/spring-26/join", data=data, content_type=content_type)

    assert response.status_code in (400, 422)
    assert set(response.get_json()) == {"error"}
    assert attendees() == []


def test_empty_join_body_is_422(client, event):
    response = client.post("/api/v1/events/spring-26/join")

    assert response.status_code == 422
    assert attendees() == []


def test_join_unknown_event_is_404(client):
    response = client.post("/api/v1/events/nope/join", json={"join_code": "X", "name": "P"})

    assert response.status_code == 404
    assert error_code(response) == "event_not_found"


def test_html_in_the_name_is_kept_as_plain_text(client, event):
    name = "<img src=x onerror=alert(1)>"
    join(client, event, name=name)

    [attendee] = attendees()
    assert attendee.name == name


def test_each_api_join_is_a_new_attendee_with_its_own_token(client, event):
    first = join(client, event, name="Pat").get_json()
    second = join(client, event, name="Pat").get_json()

    assert first["attendee_id"] != second["attendee_id"]
    assert first["attendee_token"] != second["attendee_token"]
    assert first["feed_url"] != second["feed_url"]


# Whose token works where -----------------------------------------------------------------------


def test_attendee_token_authorises_its_own_event(app, event, make_attendee):
    attendee, token = make_attendee(event)

    with app.test_request_context(method="POST", headers=bearer(token)):
        assert require_attendee(event).id == attendee.id


def test_attendee_token_does_not_work_for_another_event(app, event, make_event, make_attendee):
    other = make_event()
    _attendee, token = make_attendee(event)

    with app.test_request_context(method="POST", headers=bearer(token)):
        assert api_attendee(other) is None
        with pytest.raises(Unauthorized):
            require_attendee(other)


@pytest.mark.parametrize("token", ["att_garbage", "org_garbage", "garbage", "att_" + "x" * 5000])
def test_garbage_attendee_token_is_refused(app, event, token):
    with app.test_request_context(method="POST", headers=bearer(token)):
        assert api_attendee(event) is None


def test_organizer_token_is_not_an_attendee_token(app, event, organizer_token):
    token = organizer_token(event.organizers[0])

    with app.test_request_context(method="POST", headers=bearer(token)):
        assert api_attendee(event) is None


def test_api_joined_attendee_token_is_accepted_over_http(client, event):
    token = join(client, event, name="Pat").get_json()["attendee_token"]

    with client.application.test_request_context(method="POST", headers=bearer(token)):
        assert require_attendee(event).name == "Pat"


def test_attendee_token_is_no_organizer_on_organizer_routes(client, event):
    token = join(client, event, name="Pat").get_json()["attendee_token"]

    response = client.post(
        f"/api/v1/events/{event.slug}/rooms",
        json={"name": "Gym", "capacity": 9},
        headers=bearer(token),
    )

    assert response.status_code == 401
    assert error_code(response) == "unauthorized"


# Over HTTP, on the contract's attendee route (POST .../proposals) -------------------------------


def test_attendee_token_proposes_on_its_own_event_only(client, event, make_event):
    other = make_event()
    token = join(client, event, name="Pat").get_json()["attendee_token"]

    elsewhere = client.post(
        f"/api/v1/events/{other.slug}/proposals",
        json={"title": "Podcasting"},
        headers=bearer(token),
    )
    here = client.post(
        f"/api/v1/events/{event.slug}/proposals",
        json={"title": "Podcasting"},
        headers=bearer(token),
    )

    assert elsewhere.status_code == 401
    assert error_code(elsewhere) == "unauthorized"
    assert here.status_code == 201
    db.session.rollback()
    assert [(p.event_id, p.title) for p in db.session.query(Proposal)] == [(event.id, "Podcasting")]


def test_cookie_attendee_writes_need_the_pages_csrf_token(make_app, event):
    phone = make_app(WTF_CSRF_ENABLED=True).test_client()
    page = phone.get(f"/events/spring-26/join?code={event.join_code}").get_data(as_text=True)
    form_token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    phone.post(
        "/events/spring-26/join",
        data={"code": event.join_code, "name": "Pat", "csrf_token": form_token},
    )
    hub = phone.get("/events/spring-26").get_data(as_text=True)
    meta_token = re.search(r'name="csrf-token" content="([^"]+)"', hub).group(1)

    refused = phone.post("/api/v1/events/spring-26/proposals", json={"title": "No token"})
    accepted = phone.post(
        "/api/v1/events/spring-26/proposals",
        json={"title": "With token"},
        headers={"X-CSRFToken": meta_token},
    )

    assert refused.status_code == 403
    assert error_code(refused) == "csrf_failed"
    assert accepted.status_code == 201
    db.session.rollback()
    assert [p.title for p in db.session.query(Proposal)] == ["With token"]
