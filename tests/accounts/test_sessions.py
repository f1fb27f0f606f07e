"""Browser sessions live on the server: sign-out and password changes end them for real."""

from __future__ import annotations

from edcamp.extensions import db
from edcamp.models import OrganizerSession
from tests.helpers import TEST_PASSWORD


def _copy_cookies(source, target) -> None:
    for name in ("session", "edcamp_remember"):
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


def _signed_in(client) -> bool:
    response = client.get("/dashboard")
    return response.status_code == 200 and "My events" in response.get_data(as_text=True)


def test_a_cookie_copied_before_sign_out_stops_working(app, client, make_organizer, login):
    organizer = make_organizer()
    login(organizer)
    thief = app.test_client()
    _copy_cookies(client, thief)
    assert _signed_in(thief)  # the copy works while the session lives

    client.post("/logout")

    assert not _signed_in(client)
    assert not _signed_in(thief)
    assert db.session.query(OrganizerSession).count() == 0


def _remember_login(client, organizer) -> None:
    response = client.post(
        "/login", data={"email": organizer.email, "password": TEST_PASSWORD, "remember": "y"}
    )
    assert response.status_code == 302


def _browser_restart(app, client):
    """A new browser process: the session cookie is gone, the remember cookie stays."""
    restarted = app.test_client()
    restarted.set_cookie("edcamp_remember", client.get_cookie("edcamp_remember").value)
    return restarted


def test_remember_me_is_random_and_rotates_on_use(app, client, make_organizer):
    organizer = make_organizer()
    _remember_login(client, organizer)
    first = client.get_cookie("edcamp_remember").value
    other = app.test_client()
    _remember_login(other, organizer)
    assert other.get_cookie("edcamp_remember").value != first  # not derived from the account

    browser = _browser_restart(app, client)
    assert _signed_in(browser)
    rotated = browser.get_cookie("edcamp_remember").value
    assert rotated != first
    assert rotated.split(".")[0] == first.split(".")[0]  # same selector, new validator


def test_a_replayed_remember_cookie_ends_that_session(app, client, make_organizer):
    organizer = make_organizer()
    _remember_login(client, organizer)
    stolen = client.get_cookie("edcamp_remember").value
    owner = _browser_restart(app, client)
    assert _signed_in(owner)  # the owner's browser uses it first: rotated

    thief = app.test_client()
    thief.set_cookie("edcamp_remember", stolen)
    assert not _signed_in(thief)
    later = _browser_restart(app, owner)
    assert not _signed_in(later)  # the theft revoked the session: sign in again


def test_remember_cookie_does_not_survive_sign_out(app, client, make_organizer):
    organizer = make_organizer()
    _remember_login(client, organizer)
    saved = client.get_cookie("edcamp_remember").value

    client.post("/logout")

    assert client.get_cookie("edcamp_remember") is None
    browser = app.test_client()
    browser.set_cookie("edcamp_remember", saved)
    assert not _signed_in(browser)


def test_password_change_ends_other_sessions_and_revokes_tokens(
    app, client, make_organizer, login, organizer_token, smtp_server, deliver
):
    organizer = make_organizer()
    token = organizer_token(organizer)
    login(organizer)
    laptop = login(organizer, target=app.test_client())

    response = client.post(
        "/account/password",
        data={
            "password-current_password": TEST_PASSWORD,
            "password-new_password": "a new long password",
        },
    )

    assert response.status_code == 302
    assert _signed_in(client)  # this browser stays
    assert not _signed_in(laptop)
    api = client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 401
    deliver()
    (notice,) = smtp_server.inbox.to(organizer.email)
    assert notice["Subject"] == "Your edcamp password was changed"
    assert client.post("/logout").status_code == 302
    relog = client.post(
        "/login", data={"email": organizer.email, "password": "a new long password"}
    )
    assert relog.status_code == 302


def test_password_change_with_wrong_current_password_changes_nothing(
    app, client, make_organizer, login, organizer_token
):
    organizer = make_organizer()
    token = organizer_token(organizer)
    login(organizer)
    laptop = login(organizer, target=app.test_client())

    response = client.post(
        "/account/password",
        data={
            "password-current_password": "not it at all",
            "password-new_password": "a new long password",
        },
    )

    assert response.status_code == 422
    assert "That is not your current password." in response.get_data(as_text=True)
    assert _signed_in(laptop)
    assert (
        client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {token}"}).status_code
        == 200
    )


def test_a_confirmation_link_opened_while_signed_in_replaces_this_browsers_session(
    app, client, make_organizer, login, smtp_server, deliver
):
    from edcamp.accounts.recovery import send_confirmation
    from tests.helpers import link_in

    organizer = make_organizer()
    organizer.email_confirmed_at = None
    send_confirmation(organizer)
    db.session.commit()
    deliver()
    login(organizer)

    client.post(link_in(smtp_server.inbox.messages[-1]))

    assert db.session.query(OrganizerSession).count() == 1
    assert _signed_in(client)
