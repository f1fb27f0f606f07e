"""Sign-up with a confirmed address, and password reset by a mailed single-use link."""

from __future__ import annotations

from datetime import timedelta

import pytest

from edcamp.extensions import db
from edcamp.models import OneTimeLink, Organizer, utcnow
from tests.helpers import TEST_PASSWORD, bearer, error_code, link_in

NEW_PASSWORD = "brand new password"


def test_password_reset_answers_202_whether_or_not_the_address_has_an_account(
    client, make_organizer, smtp_server, deliver
):
    organizer = make_organizer(email="ada@school.test")

    known = client.post("/api/v1/password-reset", json={"email": "ada@school.test"})
    unknown = client.post("/api/v1/password-reset", json={"email": "nobody@school.test"})
    deliver()

    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    assert [m["To"] for m in smtp_server.inbox.messages] == [organizer.email]
    assert smtp_server.inbox.messages[0]["List-Unsubscribe"] is None  # they asked for it


@pytest.mark.parametrize("body", [{}, {"email": 5}, {"email": "x" * 300}])
def test_password_reset_with_bad_input_is_422(client, body):
    response = client.post("/api/v1/password-reset", json=body)
    assert response.status_code == 422
    assert error_code(response) == "invalid"


def _reset_link(client, smtp_server, deliver, email: str) -> str:
    client.post("/password-reset", data={"email": email})
    deliver()
    return link_in(smtp_server.inbox.to(email)[-1])


def test_reset_link_sets_a_new_password_once_and_ends_every_session(
    app, client, make_organizer, login, organizer_token, smtp_server, deliver
):
    organizer = make_organizer(email="ada@school.test")
    token = organizer_token(organizer)
    laptop = login(organizer, target=app.test_client())
    path = _reset_link(client, smtp_server, deliver, "ada@school.test")
    assert path.startswith("/password-reset/")

    assert "Choose a new password" in client.get(path).get_data(as_text=True)
    response = client.post(path, data={"password": NEW_PASSWORD})

    assert response.status_code == 302
    assert "My events" in client.get("/dashboard").get_data(as_text=True)
    assert laptop.get("/dashboard").status_code == 302  # signed out
    assert client.get("/api/v1/tokens", headers=bearer(token)).status_code == 401
    again = app.test_client().post(path, data={"password": "yet another password"})
    assert again.status_code == 410
    db.session.expire_all()
    fresh = app.test_client()
    ok = fresh.post("/login", data={"email": "ada@school.test", "password": NEW_PASSWORD})
    assert ok.status_code == 302


def test_reset_link_expires_after_an_hour(client, make_organizer, smtp_server, deliver):
    make_organizer(email="ada@school.test")
    path = _reset_link(client, smtp_server, deliver, "ada@school.test")
    link = db.session.query(OneTimeLink).one()
    assert timedelta(minutes=59) < link.expires_at - utcnow() <= timedelta(hours=1)
    link.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()

    response = client.post(path, data={"password": NEW_PASSWORD})

    assert response.status_code == 410
    assert "expired" in response.get_data(as_text=True)


def test_reset_with_a_short_password_keeps_the_link(client, make_organizer, smtp_server, deliver):
    make_organizer(email="ada@school.test")
    path = _reset_link(client, smtp_server, deliver, "ada@school.test")

    short = client.post(path, data={"password": "short"})
    assert short.status_code == 422
    assert "between 10 and 200 characters" in short.get_data(as_text=True)
    assert client.post(path, data={"password": NEW_PASSWORD}).status_code == 302


@pytest.fixture
def open_signup(app, monkeypatch):
    monkeypatch.setitem(app.config, "EDCAMP_SIGNUP", "open")


def _sign_up(client, email="new@school.test", name="Grace Hopper"):
    return client.post("/signup", data={"name": name, "email": email, "password": TEST_PASSWORD})


def test_open_sign_up_needs_a_confirmed_address_to_run_events(
    app, client, open_signup, smtp_server, deliver
):
    response = _sign_up(client)
    assert "Check your mail" in response.get_data(as_text=True)
    deliver()
    (mail,) = smtp_server.inbox.to("new@school.test")
    assert mail["Subject"] == "Confirm your edcamp account"

    client.post("/login", data={"email": "new@school.test", "password": TEST_PASSWORD})
    event = {"slug": "mine", "name": "Mine", "date": "2026-06-13", "timezone": "UTC"}
    refused = client.post("/api/v1/events", json=event)
    assert refused.status_code == 403
    assert error_code(refused) == "email_unconfirmed"
    assert "Confirm your address" in client.get("/account").get_data(as_text=True)

    path = link_in(mail)
    assert "Confirm my address" in client.get(path).get_data(as_text=True)
    assert client.post(path).status_code == 302
    assert client.post("/api/v1/events", json=event).status_code == 201
    assert db.session.query(Organizer).one().name == "Grace Hopper"


def test_sign_up_with_a_taken_address_looks_the_same_and_mails_its_owner(
    client, open_signup, make_organizer, smtp_server, deliver
):
    make_organizer(email="ada@school.test")

    taken = _sign_up(client, email="ada@school.test")
    fresh = _sign_up(client, email="grace@school.test")
    deliver()

    assert taken.status_code == fresh.status_code == 200
    assert taken.get_data(as_text=True).replace("ada@", "X@") == fresh.get_data(
        as_text=True
    ).replace("grace@", "X@")
    (owner_mail,) = smtp_server.inbox.to("ada@school.test")
    assert owner_mail["Subject"] == "You already have an edcamp account"
    assert db.session.query(Organizer).count() == 2


@pytest.mark.parametrize("policy", ["invite", "closed"])
def test_sign_up_is_refused_unless_open(app, client, monkeypatch, policy):
    monkeypatch.setitem(app.config, "EDCAMP_SIGNUP", policy)
    page = client.get("/signup").get_data(as_text=True)
    assert "Create my account" not in page

    _sign_up(client)

    assert db.session.query(Organizer).count() == 0


def test_sign_up_rejects_control_characters_in_the_name(client, open_signup):
    response = _sign_up(client, name="\u202e")
    assert response.status_code == 422
    assert db.session.query(Organizer).count() == 0


def test_account_page_changes_the_display_name(client, make_organizer, login):
    organizer = make_organizer(name="Old Name")
    login(organizer)

    client.post("/account", data={"name-name": "  Ada   Lovelace "})

    db.session.expire_all()
    assert db.session.get(Organizer, organizer.id).name == "Ada Lovelace"
