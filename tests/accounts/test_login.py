"""Organizer sign-in and sign-out pages: passwords, throttling, safe redirects, CSRF."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

from edcamp.extensions import db
from edcamp.models import Organizer
from tests.helpers import TEST_PASSWORD


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf-token" content="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def test_login_page_has_labelled_fields(client):
    response = client.get("/login")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Organizer sign-in" in page
    assert 'autocomplete="current-password"' in page
    assert 'type="password"' in page


def test_login_with_right_password_opens_dashboard(client, make_organizer):
    organizer = make_organizer(email="ada@school.test")

    response = client.post("/login", data={"email": "ada@school.test", "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    dashboard = client.get("/dashboard")
    assert dashboard.status_code == 200
    assert "My events" in dashboard.get_data(as_text=True)
    assert organizer.id is not None


def test_login_email_is_case_insensitive(client, make_organizer):
    make_organizer(email="ada@school.test")

    response = client.post("/login", data={"email": "ADA@School.test", "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert "My events" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_wrong_password_shows_a_message_and_does_not_sign_in(client, make_organizer):
    make_organizer(email="ada@school.test")

    response = client.post("/login", data={"email": "ada@school.test", "password": "wrong-one!"})

    assert response.status_code == 401
    assert "Wrong email or password." in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302


def test_unknown_email_gets_the_same_message_as_a_wrong_password(client):
    response = client.post("/login", data={"email": "nobody@school.test", "password": "whatever1"})

    assert response.status_code == 401
    assert "Wrong email or password." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"email": "not-an-email", "password": "x"},
        {"email": "ada@school.test"},
        {"email": "a" * 10_000 + "@school.test", "password": "p" * 10_000},
    ],
)
def test_login_with_bad_input_shows_form_errors(client, data):
    response = client.post("/login", data=data)

    assert response.status_code in (200, 401, 422)
    page = response.get_data(as_text=True)
    assert "Please fix the" in page or "Wrong email or password." in page
    assert client.get("/dashboard").status_code == 302


def test_signed_in_organizer_visiting_login_goes_to_dashboard(client, make_organizer, login):
    login(make_organizer())

    response = client.get("/login")

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"


def test_anonymous_dashboard_redirects_to_login_with_next(client):
    response = client.get("/dashboard")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")


def test_login_follows_a_local_next(client, make_organizer):
    organizer = make_organizer()

    response = client.post(
        "/login?next=/events/new", data={"email": organizer.email, "password": TEST_PASSWORD}
    )

    assert response.headers["Location"] == "/events/new"


def test_login_after_an_expired_post_does_not_land_on_a_post_only_url(
    client, make_event, make_organizer
):
    event = make_event()
    expired = client.post(f"/events/{event.slug}/rooms", data={"name": "Gym", "capacity": "5"})
    assert expired.status_code == 302
    login_url = expired.headers["Location"]
    assert login_url.startswith("/login?next=")

    response = client.post(
        login_url, data={"email": event.organizers[0].email, "password": TEST_PASSWORD}
    )

    assert response.headers["Location"] == "/dashboard"
    assert client.get(response.headers["Location"]).status_code == 200


def test_login_next_to_an_unknown_page_goes_to_the_dashboard(client, make_organizer):
    organizer = make_organizer()

    response = client.post(
        "/login?next=/no/such/page", data={"email": organizer.email, "password": TEST_PASSWORD}
    )

    assert response.headers["Location"] == "/dashboard"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "http:/evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "evil.example",
    ],
)
def test_login_refuses_an_external_next(client, make_organizer, target):
    organizer = make_organizer()

    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": organizer.email, "password": TEST_PASSWORD},
    )

    assert response.status_code == 302
    landing = urljoin("https://edcamp.test/login", response.headers["Location"])
    assert urlsplit(landing).netloc == "edcamp.test"
    assert urlsplit(landing).scheme == "https"


def test_password_is_stored_with_scrypt(app, make_organizer):
    organizer = make_organizer(password="a long enough secret")

    stored = db.session.get(Organizer, organizer.id).password_hash

    assert stored.startswith("scrypt:")
    assert "a long enough secret" not in stored


def test_logout_signs_out(client, make_organizer, login):
    login(make_organizer())

    response = client.post("/logout")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert client.get("/dashboard").status_code == 302
    assert "You are signed out." in client.get("/login").get_data(as_text=True)


def test_logout_after_the_session_expired_just_shows_the_login(client):
    response = client.post("/logout")

    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert "You are signed out." in client.get("/login").get_data(as_text=True)


def test_logout_by_get_is_not_allowed(client, make_organizer, login):
    login(make_organizer())

    response = client.get("/logout")

    assert response.status_code == 405
    assert "Not available" in response.get_data(as_text=True)
    assert client.get("/dashboard").status_code == 200  # still signed in


def test_repeated_failed_logins_get_429_with_a_clear_message(client, make_organizer):
    organizer = make_organizer()
    for _ in range(10):
        wrong = client.post("/login", data={"email": organizer.email, "password": "nope-nope"})
        assert wrong.status_code == 401

    response = client.post("/login", data={"email": organizer.email, "password": TEST_PASSWORD})

    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Too many attempts" in page
    assert "try again" in page
    assert client.get("/dashboard").status_code == 302  # even the right password waits


def test_successful_logins_are_never_throttled(client, make_organizer):
    organizer = make_organizer()
    for _ in range(12):
        response = client.post("/login", data={"email": organizer.email, "password": TEST_PASSWORD})
        assert response.status_code == 302
        assert response.headers["Location"] == "/dashboard"
        client.post("/logout")


def test_viewing_the_login_page_is_never_throttled(client, make_organizer):
    organizer = make_organizer()
    for _ in range(15):
        assert client.get("/login").status_code == 200

    response = client.post("/login", data={"email": organizer.email, "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"


# CSRF --------------------------------------------------------------------------------------


@pytest.fixture
def csrf_client(make_app):
    return make_app(WTF_CSRF_ENABLED=True).test_client()


def test_login_form_without_csrf_token_is_refused(csrf_client, make_organizer):
    organizer = make_organizer()

    response = csrf_client.post(
        "/login", data={"email": organizer.email, "password": TEST_PASSWORD}
    )

    assert response.status_code == 400
    assert "This form has expired. Go back, reload the page" in response.get_data(as_text=True)
    assert csrf_client.get("/dashboard").status_code == 302


def test_login_form_with_csrf_token_signs_in(csrf_client, make_organizer):
    organizer = make_organizer()
    token = csrf_from(csrf_client.get("/login").get_data(as_text=True))

    response = csrf_client.post(
        "/login",
        data={"email": organizer.email, "password": TEST_PASSWORD, "csrf_token": token},
    )

    assert response.status_code == 302
    assert csrf_client.get("/dashboard").status_code == 200


def test_logout_without_csrf_token_is_refused(csrf_client, make_organizer):
    organizer = make_organizer()
    token = csrf_from(csrf_client.get("/login").get_data(as_text=True))
    csrf_client.post(
        "/login", data={"email": organizer.email, "password": TEST_PASSWORD, "csrf_token": token}
    )

    response = csrf_client.post("/logout")

    assert response.status_code == 400
    assert csrf_client.get("/dashboard").status_code == 200
