"""The API token endpoint, bearer tokens, and CSRF on cookie-authenticated API writes."""

from __future__ import annotations

import re

import pytest

from edcamp.extensions import db
from edcamp.models import ApiToken, Event
from tests.helpers import TEST_PASSWORD, bearer, error_code


def test_token_for_right_password(client, make_organizer):
    organizer = make_organizer()

    response = client.post(
        "/api/v1/token", json={"email": organizer.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 200
    token = response.get_json()["token"]
    assert token.startswith("org_")
    stored = db.session.query(ApiToken).one()
    assert stored.organizer_id == organizer.id
    assert token not in stored.token_hash  # only the hash is kept


def test_token_refused_for_wrong_password(client, make_organizer):
    organizer = make_organizer()

    response = client.post("/api/v1/token", json={"email": organizer.email, "password": "nope"})

    assert response.status_code == 401
    assert error_code(response) == "invalid_credentials"
    assert db.session.query(ApiToken).count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "email"),
        ({"email": "a@school.test"}, "password"),
        ({"email": 42, "password": "x"}, "email"),
        ({"email": "a@school.test", "password": ["x"]}, "password"),
        ({"email": "a" * 10_000, "password": "x"}, "email"),
    ],
)
def test_token_with_bad_input_is_422(client, body, field):
    response = client.post("/api/v1/token", json=body)

    assert response.status_code == 422
    assert error_code(response) == "invalid"
    assert response.get_json()["error"]["field"] == field


def test_token_with_non_json_body_is_400(client):
    response = client.post("/api/v1/token", data="email=a&password=b")

    assert response.status_code == 400
    assert error_code(response) == "bad_json"


def test_token_endpoint_is_throttled_after_repeated_failures(client, make_organizer):
    organizer = make_organizer()
    for _ in range(10):
        wrong = client.post("/api/v1/token", json={"email": organizer.email, "password": "no"})
        assert wrong.status_code == 401

    response = client.post(
        "/api/v1/token", json={"email": organizer.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 429
    assert error_code(response) == "too_many_requests"
    assert "Too many attempts" in response.get_json()["error"]["message"]
    assert 0 < int(response.headers["Retry-After"]) <= 300
    assert db.session.query(ApiToken).count() == 0


def test_failed_page_logins_count_against_the_token_endpoint(client, make_organizer):
    organizer = make_organizer()
    for _ in range(10):
        client.post("/login", data={"email": organizer.email, "password": "wrong-wrong"})

    response = client.post(
        "/api/v1/token", json={"email": organizer.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 429
    assert error_code(response) == "too_many_requests"
    assert db.session.query(ApiToken).count() == 0


def test_bearer_token_authorises_organizer_calls(client, make_organizer, organizer_token):
    organizer = make_organizer()
    token = organizer_token(organizer)

    response = client.post(
        "/api/v1/events",
        json={"slug": "spring", "name": "Spring", "date": "2026-05-09", "timezone": "UTC"},
        headers=bearer(token),
    )

    assert response.status_code == 201
    event = db.session.query(Event).filter_by(slug="spring").one()
    assert event.is_organizer(organizer)


@pytest.mark.parametrize(
    "header",
    [
        "Bearer garbage",
        "Bearer org_garbage",
        "Bearer att_garbage",
        "Basic dXNlcjpwYXNz",
        "Bearer ",
        "Bearer " + "x" * 10_000,
    ],
)
def test_garbage_token_gets_401(client, make_event, header):
    event = make_event()

    response = client.patch(
        f"/api/v1/events/{event.slug}", json={"name": "Hacked"}, headers={"Authorization": header}
    )

    assert response.status_code == 401
    assert error_code(response) == "unauthorized"
    db.session.refresh(event)
    assert event.name == "Edcamp Test"


def test_attendee_token_is_not_an_organizer_token(client, make_event, make_attendee):
    event = make_event()
    _attendee, token = make_attendee(event)

    response = client.patch(
        f"/api/v1/events/{event.slug}", json={"name": "Hacked"}, headers=bearer(token)
    )

    assert response.status_code == 401
    db.session.refresh(event)
    assert event.name == "Edcamp Test"


# CSRF on cookie-authenticated API writes ---------------------------------------------------


@pytest.fixture
def csrf_session(make_app, make_event):
    """A CSRF-enforcing app, signed in as the organizer of an event through the real form."""
    event = make_event()
    organizer = event.organizers[0]
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    page = client.get("/login").get_data(as_text=True)
    form_token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    signed_in = client.post(
        "/login",
        data={"email": organizer.email, "password": TEST_PASSWORD, "csrf_token": form_token},
    )
    assert signed_in.status_code == 302
    manage = client.get(f"/events/{event.slug}/manage").get_data(as_text=True)
    meta_token = re.search(r'name="csrf-token" content="([^"]+)"', manage).group(1)
    return client, event, meta_token


def test_cookie_api_write_without_csrf_header_is_refused(csrf_session):
    client, event, _token = csrf_session

    response = client.patch(f"/api/v1/events/{event.slug}", json={"name": "Changed"})

    assert response.status_code == 403
    assert error_code(response) == "csrf_failed"
    db.session.rollback()
    assert db.session.get(Event, event.id).name == "Edcamp Test"


def test_cookie_api_write_with_wrong_csrf_header_is_refused(csrf_session):
    client, event, _token = csrf_session

    response = client.patch(
        f"/api/v1/events/{event.slug}", json={"name": "Changed"}, headers={"X-CSRFToken": "x"}
    )

    assert response.status_code == 403
    assert error_code(response) == "csrf_failed"


def test_cookie_api_write_with_the_pages_csrf_token_works(csrf_session):
    client, event, token = csrf_session

    response = client.patch(
        f"/api/v1/events/{event.slug}", json={"name": "Changed"}, headers={"X-CSRFToken": token}
    )

    assert response.status_code == 200
    assert response.get_json()["name"] == "Changed"
    db.session.rollback()  # end this session's SQLite read snapshot
    assert db.session.get(Event, event.id).name == "Changed"


def test_cookie_api_read_needs_no_csrf_token(csrf_session):
    client, event, _token = csrf_session

    response = client.get(f"/api/v1/events/{event.slug}")

    assert response.status_code == 200
    assert response.get_json()["join_code"] == event.join_code


def test_bearer_api_write_needs_no_csrf_token(make_app, make_event, organizer_token):
    event = make_event()
    client = make_app(WTF_CSRF_ENABLED=True).test_client()

    response = client.patch(
        f"/api/v1/events/{event.slug}",
        json={"venue": "Gym"},
        headers=bearer(organizer_token(event.organizers[0])),
    )

    assert response.status_code == 200
    assert response.get_json()["venue"] == "Gym"


def test_successful_token_exchanges_do_not_use_up_the_failed_login_budget(client, make_organizer):
    organizer = make_organizer()
    body = {"email": organizer.email, "password": TEST_PASSWORD}

    answers = [client.post("/api/v1/token", json=body).status_code for _ in range(15)]
    wrong = client.post("/api/v1/token", json={**body, "password": "nope"})

    assert answers == [200] * 15
    assert wrong.status_code == 401
