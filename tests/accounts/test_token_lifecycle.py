"""Organizer API tokens expire, can be listed, and can be revoked."""

from __future__ import annotations

from datetime import timedelta

import pytest

from edcamp.extensions import db
from edcamp.models import ApiToken, utcnow
from tests.helpers import TEST_PASSWORD, bearer, error_code


def _token(client, organizer, **extra) -> dict:
    response = client.post(
        "/api/v1/token", json={"email": organizer.email, "password": TEST_PASSWORD, **extra}
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_token_answer_says_when_it_expires(client, make_organizer):
    body = _token(client, make_organizer(), name="CI script", expires_in_days=7)
    assert body["token"].startswith("org_")
    assert body["name"] == "CI script"
    expires = body["expires_at"]
    row = db.session.get(ApiToken, body["id"])
    assert abs((row.expires_at - utcnow()) - timedelta(days=7)) < timedelta(minutes=1)
    assert expires.endswith("Z")


def test_default_token_lifetime_is_90_days(client, make_organizer):
    body = _token(client, make_organizer())
    row = db.session.get(ApiToken, body["id"])
    assert abs((row.expires_at - utcnow()) - timedelta(days=90)) < timedelta(minutes=1)


@pytest.mark.parametrize("days", [0, 366, "7", True, 1.5])
def test_token_lifetime_out_of_range_is_422(client, make_organizer, days):
    response = client.post(
        "/api/v1/token",
        json={"email": make_organizer().email, "password": TEST_PASSWORD, "expires_in_days": days},
    )
    assert response.status_code == 422
    assert error_code(response) == "invalid"


def test_expired_token_is_refused(client, make_organizer):
    body = _token(client, make_organizer())
    db.session.get(ApiToken, body["id"]).expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()

    response = client.get("/api/v1/tokens", headers=bearer(body["token"]))
    assert response.status_code == 401


def test_list_shows_ones_own_tokens_without_secrets(client, make_organizer):
    ada, bob = make_organizer(), make_organizer()
    first = _token(client, ada, name="laptop")
    _token(client, ada, name="script")
    _token(client, bob, name="bob's")

    listed = client.get("/api/v1/tokens", headers=bearer(first["token"])).get_json()["tokens"]

    assert sorted(t["name"] for t in listed) == ["laptop", "script"]
    assert all("token" not in t for t in listed)
    assert first["token"] not in str(listed)


def test_delete_token_revokes_the_one_sent(client, make_organizer):
    organizer = make_organizer()
    kept, revoked = _token(client, organizer), _token(client, organizer)

    response = client.delete("/api/v1/token", headers=bearer(revoked["token"]))

    assert response.status_code == 204
    assert client.get("/api/v1/tokens", headers=bearer(revoked["token"])).status_code == 401
    assert client.get("/api/v1/tokens", headers=bearer(kept["token"])).status_code == 200
    again = client.delete("/api/v1/token", headers=bearer(revoked["token"]))
    assert again.status_code == 401


def test_delete_token_without_a_bearer_token_is_401(client, make_organizer, login):
    login(make_organizer())  # a browser session is not a token to revoke
    assert client.delete("/api/v1/token").status_code == 401


def test_revoking_another_accounts_token_by_id_is_404(client, make_organizer):
    ada, bob = make_organizer(), make_organizer()
    ada_token, bob_token = _token(client, ada), _token(client, bob)

    response = client.delete(
        f"/api/v1/tokens/{bob_token['id']}", headers=bearer(ada_token["token"])
    )

    assert response.status_code == 404
    assert client.get("/api/v1/tokens", headers=bearer(bob_token["token"])).status_code == 200


def test_account_page_lists_creates_and_revokes_tokens(client, make_organizer, login):
    organizer = make_organizer()
    login(organizer)

    page = client.post("/account/tokens", data={"token-name": "Zapier", "token-days": "30"})
    html = page.get_data(as_text=True)
    assert "copy it now" in html
    assert "Zapier" in html
    token_value = html.split('<code class="token">')[1].split("<")[0]
    assert client.get("/api/v1/tokens", headers=bearer(token_value)).status_code == 200

    (row,) = db.session.query(ApiToken).all()
    client.post(f"/account/tokens/{row.id}/revoke")
    assert client.get("/api/v1/tokens", headers=bearer(token_value)).status_code == 401
    assert "No API tokens." in client.get("/account").get_data(as_text=True)
