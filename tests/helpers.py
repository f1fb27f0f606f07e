"""Small helpers for tests (fixtures live in conftest.py)."""

from __future__ import annotations

import json
import time

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


def running_now() -> dict:
    """``make_event`` keywords for an event whose first slot (10:30-12:00) runs right now.

    Today, in a fixed-offset zone chosen so that it is between 11:00 and 12:00 there: check-in
    (accepted from 15 minutes before a slot to its end) works against the real clock.
    """
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    hours = 11 - now.hour  # local = UTC + hours, in -12..+11: every one has an Etc zone
    zone = "Etc/GMT" + (f"{-hours:+d}" if hours else "")
    local = now + timedelta(hours=hours)
    return {
        "date": local.date(),
        "timezone": zone,
        "slots": [("10:30", "12:00"), ("12:15", "13:00")],
    }


def link_in(message, prefix: str = "https://edcamp.test") -> str:
    """The path of the first link to this site in a delivered mail's plain-text body."""
    import re

    text = message.get_body(("plain",)).get_content()
    match = re.search(re.escape(prefix) + r"(/\S+)", text)
    assert match, text
    return match.group(1)


def board_events(response, seconds: float):
    """Each board sent on a stream within ``seconds`` (keepalives make the stream tick)."""
    deadline = time.monotonic() + seconds
    for chunk in response.response:
        for line in chunk.decode().splitlines():
            if line.startswith("data: "):
                yield json.loads(line[6:])
        if time.monotonic() > deadline:
            return
