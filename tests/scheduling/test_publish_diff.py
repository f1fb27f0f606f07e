"""Publishing shows what changes for attendees, session by session, and publishes exactly what
was shown: a draft changed since the organizer looked is refused (409 draft_changed)."""

from __future__ import annotations

import pytest

from edcamp.extensions import db
from edcamp.models import Schedule
from tests.helpers import error_code


def _ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.get_json()
    return response.get_json()


def _draft(client, camp) -> dict:
    return _ok(client.get(camp.url("/schedule?draft=1"), headers=camp.headers))


def _versions(camp) -> int:
    db.session.rollback()
    return (
        db.session.query(Schedule)
        .filter(Schedule.event_id == camp.event.id, Schedule.version.is_not(None))
        .count()
    )


@pytest.fixture
def published(client, camp):
    """The camp's grid built and published once (version 1)."""
    _ok(client.post(camp.url("/schedule/build"), json={"time_limit_s": 30}, headers=camp.headers))
    _ok(client.post(camp.url("/schedule/publish"), headers=camp.headers), 201)
    return camp


def _cells(body: dict) -> dict[int, tuple[int, int]]:
    return {a["proposal_id"]: (a["room_id"], a["slot_id"]) for a in body["assignments"]}


def test_a_first_publication_lists_every_session_as_added(client, camp):
    _ok(client.post(camp.url("/schedule/build"), json={"time_limit_s": 30}, headers=camp.headers))
    changes = _draft(client, camp)["changes"]
    assert changes["published_version"] is None
    assert {d["change"] for d in changes["details"]} == {"added"}
    assert len(changes["details"]) == 4  # 2 rooms x 2 slots
    first = changes["details"][0]
    assert first["from"] is None
    assert first["to"] == {"room": "Library", "starts_at": "09:00"}


def test_a_swap_shows_both_sessions_with_where_they_were_and_go(client, published):
    camp = published
    grid = _draft(client, camp)
    cells = _cells(grid)
    (a, cell_a), (b, cell_b) = sorted(cells.items())[:2]
    _ok(
        client.put(
            camp.url(f"/schedule/{a}"),
            json={"room_id": cell_b[0], "slot_id": cell_b[1], "swap": True},
            headers=camp.headers,
        )
    )
    changes = _draft(client, camp)["changes"]
    assert changes["published_version"] == 1
    assert changes["summary"] == "2 sessions moved."
    moved = {d["proposal_id"]: d for d in changes["details"]}
    assert set(moved) == {a, b}
    rooms = {r.id: r.name for r in camp.rooms}
    slots = {s.id: f"{s.starts_at:%H:%M}" for s in camp.slots}
    assert moved[a]["from"] == {"room": rooms[cell_a[0]], "starts_at": slots[cell_a[1]]}
    assert moved[a]["to"] == {"room": rooms[cell_b[0]], "starts_at": slots[cell_b[1]]}
    assert moved[a]["title"] in {p.title for p in camp.proposals}


def test_publishing_what_was_shown_works_and_a_changed_draft_is_refused(client, published):
    camp = published
    seen = _draft(client, camp)["changes"]
    pid = next(iter(_cells(_draft(client, camp))))
    _ok(client.delete(camp.url(f"/schedule/{pid}"), headers=camp.headers))  # meanwhile

    stale = client.post(
        camp.url("/schedule/publish"), json={"expect": seen["fingerprint"]}, headers=camp.headers
    )
    assert stale.status_code == 409
    assert error_code(stale) == "draft_changed"
    assert _versions(camp) == 1

    fresh = _draft(client, camp)["changes"]
    assert [d["change"] for d in fresh["details"]] == ["removed"]
    body = _ok(
        client.post(
            camp.url("/schedule/publish"),
            json={"expect": fresh["fingerprint"]},
            headers=camp.headers,
        ),
        201,
    )
    assert body["version"] == 2
    assert body["changes"]["details"][0]["proposal_id"] == pid
    assert _versions(camp) == 2


@pytest.mark.parametrize(
    ("body", "status"),
    [({"expect": 5}, 422), ({"expect": "x" * 65}, 422), ({"version": 2}, 422), ([1], 400)],
)
def test_bad_publish_bodies_are_refused_without_publishing(client, published, body, status):
    response = client.post(published.url("/schedule/publish"), json=body, headers=published.headers)
    assert response.status_code == status, response.get_json()
    assert _versions(published) == 1
