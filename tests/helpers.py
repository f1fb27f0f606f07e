"""Small helpers for tests (fixtures live in conftest.py)."""

from __future__ import annotations

TEST_PASSWORD = "correct horse battery"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def propose(client, event, token: str, *titles: str) -> list[int]:
    """Propose sessions through the API as the attendee holding ``token``; their ids."""
    ids = []
    for title in titles:
        response = client.post(
            f"/api/v1/events/{event.slug}/proposals", json={"title": title}, headers=bearer(token)
        )
        assert response.status_code == 201, response.get_json()
        ids.append(response.get_json()["id"])
    return ids


def error_code(response) -> str:
    """The machine code of an API error, asserting the contract's error shape on the way."""
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"]
    return body["error"]["code"]
