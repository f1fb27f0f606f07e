"""Small helpers for tests (fixtures live in conftest.py)."""

from __future__ import annotations

TEST_PASSWORD = "correct horse battery"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def error_code(response) -> str:
    """The machine code of an API error, asserting the contract's error shape on the way."""
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert isinstance(body["error"]["message"], str)
    assert body["error"]["message"]
    return body["error"]["code"]
