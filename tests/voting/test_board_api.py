"""The board endpoint (ETag, hidden counts) and its live stream."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from edcamp.extensions import db
from tests.helpers import bearer


@pytest.fixture
def board_event(make_event, make_attendee, client, organizer_token):
    event = make_event(votes_per_attendee=3)
    _p, token = make_attendee(event)
    ids = [
        client.post(
            f"/api/v1/events/{event.slug}/proposals",
            json={"title": t, "tags": ["x"]},
            headers=bearer(token),
        ).get_json()["id"]
        for t in ("First", "Second", "Third")
    ]
    voters = [make_attendee(event)[1] for _ in range(3)]
    for n, voter in enumerate(voters):
        for proposal_id in ids[1 : 1 + n + 1]:
            client.post(
                f"/api/v1/events/{event.slug}/proposals/{proposal_id}/vote", headers=bearer(voter)
            )
    return event, ids, voters, organizer_token(event.organizers[0])


def board(client, event, **headers):
    return client.get(f"/api/v1/events/{event.slug}/board", headers=headers)


def test_board_lists_most_voted_first_with_counts(client, board_event):
    event, ids, _voters, _org = board_event
    body = board(client, event).get_json()
    assert body["voting"] == "open"
    assert [(p["id"], p["votes"]) for p in body["proposals"]] == [
        (ids[1], 3),
        (ids[2], 2),
        (ids[0], 0),
    ]
    assert body["proposals"][0]["title"] == "Second"
    assert body["proposals"][0]["tags"] == ["x"]


def test_board_answers_304_until_it_changes(client, board_event):
    event, ids, voters, _org = board_event
    first = board(client, event)
    etag = first.headers["ETag"]
    assert board(client, event, **{"If-None-Match": etag}).status_code == 304
    client.delete(f"/api/v1/events/{event.slug}/proposals/{ids[1]}/vote", headers=bearer(voters[0]))
    changed = board(client, event, **{"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_hidden_counts_are_withheld_from_attendees_but_not_organizers(client, board_event):
    event, _ids, voters, org_token = board_event
    event.show_counts = False
    db.session.commit()
    public = board(client, event, Authorization=f"Bearer {voters[0]}").get_json()
    assert all("votes" not in p for p in public["proposals"])
    organizer = board(client, event, Authorization=f"Bearer {org_token}").get_json()
    assert [p["votes"] for p in organizer["proposals"]] == [3, 2, 0]
    projector = client.get(
        f"/api/v1/events/{event.slug}/board?public=1", headers=bearer(org_token)
    ).get_json()
    assert all("votes" not in p for p in projector["proposals"])
    event.voting = "closed"
    db.session.commit()
    closed = board(client, event).get_json()
    assert [p["votes"] for p in closed["proposals"]] == [3, 2, 0]


def test_board_of_unknown_event_is_a_json_404(client):
    response = client.get("/api/v1/events/no-such-event/board")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "event_not_found"


def read_event(chunks) -> dict:
    for chunk in chunks:
        text = chunk.decode()
        for line in text.splitlines():
            if line.startswith("data: "):
                return json.loads(line[6:])
    raise AssertionError("stream ended")


def read_until(chunks, predicate, attempts: int = 10) -> dict:
    """The first board event that satisfies ``predicate``. With Redis, a state published
    by an earlier test on a channel of the same name may still be on its way."""
    for _ in range(attempts):
        board = read_event(chunks)
        if predicate(board):
            return board
    raise AssertionError("no matching board event")


def test_stream_sends_the_board_on_connect_then_each_change(client, board_event):
    event, ids, voters, _org = board_event
    response = client.get(f"/api/v1/events/{event.slug}/board/stream", buffered=False)
    assert response.status_code == 200
    assert response.mimetype == "text/event-stream"
    chunks = iter(response.response)
    first = read_event(chunks)
    assert first["event"] == event.slug
    assert first["proposals"][0]["votes"] == 3
    other = client.application.test_client()
    other.post(f"/api/v1/events/{event.slug}/proposals/{ids[0]}/vote", headers=bearer(voters[0]))
    update = read_until(chunks, lambda b: b["event"] == event.slug and b["votes_cast"] == 6)
    assert {p["id"]: p["votes"] for p in update["proposals"]}[ids[0]] == 1
    response.close()


def test_stream_follows_voting_being_closed(client, board_event):
    event, _ids, _voters, org_token = board_event
    event.show_counts = False
    db.session.commit()
    response = client.get(f"/api/v1/events/{event.slug}/board/stream", buffered=False)
    chunks = iter(response.response)
    assert "votes" not in read_event(chunks)["proposals"][0]
    patched = client.application.test_client().patch(
        f"/api/v1/events/{event.slug}", json={"voting": "closed"}, headers=bearer(org_token)
    )
    assert patched.status_code == 200
    update = read_until(chunks, lambda b: b["event"] == event.slug and b["voting"] == "closed")
    assert update["proposals"][0]["votes"] == 3
    response.close()


def test_a_scheduled_close_reaches_open_boards_when_it_passes(client, board_event):
    # Nothing happens at the close time itself (no vote, no edit): the board still turns
    # to closed on every open screen, and hidden counts come out.
    event, _ids, _voters, org_token = board_event
    closes = (datetime.now(ZoneInfo(event.timezone)) + timedelta(seconds=1.5)).replace(tzinfo=None)
    patched = client.application.test_client().patch(
        f"/api/v1/events/{event.slug}",
        json={"voting_closes_at": closes.isoformat(), "show_counts": False},
        headers=bearer(org_token),
    )
    assert patched.status_code == 200, patched.get_json()
    response = client.get(f"/api/v1/events/{event.slug}/board/stream", buffered=False)
    chunks = iter(response.response)
    first = read_until(chunks, lambda b: b["event"] == event.slug)
    assert first["voting"] == "open"
    assert "votes" not in first["proposals"][0]
    started = time.monotonic()
    update = read_until(chunks, lambda b: b["event"] == event.slug and b["voting"] == "closed")
    assert time.monotonic() - started < 5
    assert update["proposals"][0]["votes"] == 3
    response.close()


def test_publishing_the_schedule_reaches_open_boards(client, board_event):
    event, _ids, _voters, org_token = board_event
    assert board(client, event).get_json()["schedule_version"] is None
    response = client.get(f"/api/v1/events/{event.slug}/board/stream", buffered=False)
    chunks = iter(response.response)
    assert read_event(chunks)["schedule_version"] is None

    organizer = client.application.test_client()
    built = organizer.post(
        f"/api/v1/events/{event.slug}/schedule/build", json={}, headers=bearer(org_token)
    )
    published = organizer.post(
        f"/api/v1/events/{event.slug}/schedule/publish", headers=bearer(org_token)
    )

    assert (built.status_code, published.status_code) == (200, 201)
    update = read_until(chunks, lambda b: b["event"] == event.slug and b["schedule_version"])
    assert update["schedule_version"] == 1
    assert board(client, event).get_json()["schedule_version"] == 1
    response.close()
