"""The schedule's JSON API: build, move, swap, pin, take off, block, read, publish."""

from __future__ import annotations

import pytest

from edcamp.extensions import db
from edcamp.models import Schedule, ScheduleEntry
from tests.helpers import bearer, error_code


def _cells(body: dict) -> dict[int, tuple[int, int]]:
    return {a["proposal_id"]: (a["room_id"], a["slot_id"]) for a in body["assignments"]}


def _build(client, camp, **body):
    response = client.post(camp.url("/schedule/build"), json=body, headers=camp.headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_build_fills_the_grid_with_the_most_voted(client, camp):
    body = _build(client, camp)

    p = camp.proposals
    assert set(_cells(body)) == {p[0].id, p[1].id, p[2].id, p[3].id}
    assert body["unscheduled"] == [p[4].id]
    # the two most voted never share a slot (7 people voted for both)
    cells = _cells(body)
    assert cells[p[0].id][1] != cells[p[1].id][1]
    assert set(body["metrics"]) >= {"conflicts", "overflow", "votes_honoured"}
    fields = {"proposal_id", "room_id", "slot_id", "pinned"}
    assert all(fields <= set(a) for a in body["assignments"])
    # 9 and 7 voters go to the library (30 seats), 5 and 3 to the 10-seat room
    library = camp.rooms[0].id
    assert {cells[p[0].id][0], cells[p[1].id][0]} == {library}


def test_build_rejects_a_bad_time_limit(client, camp):
    for bad in ("soon", -1, 0, 999, True):
        response = client.post(
            camp.url("/schedule/build"), json={"time_limit_s": bad}, headers=camp.headers
        )
        assert response.status_code == 422
        assert error_code(response) == "invalid"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/schedule/build", {}),
        ("put", "/schedule/{p}", {"room_id": "{r}", "slot_id": "{s}"}),
        ("delete", "/schedule/{p}", None),
        ("put", "/schedule/{p}/mode", {"mode": "include"}),
        ("get", "/schedule/{p}/preview", None),
        ("put", "/rooms/{r}/blocked/{s}", None),
        ("delete", "/rooms/{r}/blocked/{s}", None),
        ("post", "/schedule/publish", None),
        ("get", "/schedule?draft=1", None),
    ],
)
def test_only_the_events_organizers_may_edit(
    client, camp, make_organizer, organizer_token, method, path, body
):
    ids = {"p": camp.proposals[0].id, "r": camp.rooms[0].id, "s": camp.slots[0].id}
    path = path.format(**ids)
    if body:
        body = {k: int(v.format(**ids)) for k, v in body.items() if v.startswith("{")} | {
            k: v for k, v in body.items() if not v.startswith("{")
        }
    other = bearer(organizer_token(make_organizer()))
    attendee = bearer(camp.tokens[0])

    for headers, status in ((other, 403), (attendee, 401), ({}, 401)):
        response = getattr(client, method)(camp.url(path), json=body, headers=headers)
        assert response.status_code == status, (headers, response.get_json())
        error_code(response)
    assert db.session.scalar(db.select(db.func.count()).select_from(ScheduleEntry)) == 0


def test_move_into_a_taken_cell_needs_swap(client, camp):
    cells = _cells(_build(client, camp))
    a, b = camp.proposals[0].id, camp.proposals[1].id
    room_b, slot_b = cells[b]

    target = {"room_id": room_b, "slot_id": slot_b}
    taken = client.put(camp.url(f"/schedule/{a}"), json=target, headers=camp.headers)
    swapped = client.put(
        camp.url(f"/schedule/{a}"),
        json={"room_id": room_b, "slot_id": slot_b, "swap": True},
        headers=camp.headers,
    )

    assert taken.status_code == 409
    assert error_code(taken) == "cell_taken"
    assert swapped.status_code == 200
    body = swapped.get_json()
    assert body["swapped_with"] == b
    assert _cells(body)[a] == cells[b]
    assert _cells(body)[b] == cells[a]
    pinned = {x["proposal_id"] for x in body["assignments"] if x["pinned"]}
    assert pinned == {a}  # the mover is pinned, the swapped one is not


def test_pins_survive_a_rebuild_and_unpin_frees_them(client, camp):
    cells = _cells(_build(client, camp))
    low = camp.proposals[3].id
    library_first = (camp.rooms[0].id, camp.slots[0].id)
    occupant = next(p for p, c in cells.items() if c == library_first)

    client.put(
        camp.url(f"/schedule/{low}"),
        json={"room_id": library_first[0], "slot_id": library_first[1], "swap": True},
        headers=camp.headers,
    )
    rebuilt = _build(client, camp, seed=7)

    assert _cells(rebuilt)[low] == library_first
    assert occupant in _cells(rebuilt)
    unpinned = client.put(
        camp.url(f"/schedule/{low}"),
        json={"room_id": library_first[0], "slot_id": library_first[1], "pinned": False},
        headers=camp.headers,
    )
    assert not next(a for a in unpinned.get_json()["assignments"] if a["proposal_id"] == low)[
        "pinned"
    ]


@pytest.mark.parametrize(
    ("target", "status", "code"),
    [
        ("unknown_room", 404, "room_not_found"),
        ("unknown_slot", 404, "slot_not_found"),
        ("other_event_room", 404, "room_not_found"),
        ("blocked", 409, "cell_blocked"),
        ("clash", 409, "facilitator_clash"),
    ],
)
def test_impossible_moves_are_clear_errors(
    client, camp, make_event, make_proposal, target, status, code
):
    _build(client, camp)
    mover = camp.proposals[4]  # off the grid; its facilitator is attendee 4
    room, slot = camp.rooms[1].id, camp.slots[0].id
    if target == "unknown_room":
        room = 999_999
    elif target == "unknown_slot":
        slot = 999_999
    elif target == "other_event_room":
        room = make_event(slug="other").rooms[0].id
    elif target == "blocked":
        client.put(camp.url(f"/rooms/{room}/blocked/{slot}"), headers=camp.headers)
    else:
        # attendee 4 also leads a proposal forced into the grid, in slot 0
        extra = make_proposal(camp.event, "Second talk", leaders=[camp.attendees[4]])
        client.put(
            camp.url(f"/schedule/{extra.id}"),
            json={"room_id": room, "slot_id": slot, "swap": True},
            headers=camp.headers,
        )
        room = camp.rooms[0].id

    response = client.put(
        camp.url(f"/schedule/{mover.id}"),
        json={"room_id": room, "slot_id": slot, "swap": True},
        headers=camp.headers,
    )

    assert response.status_code == status, response.get_json()
    assert error_code(response) == code


@pytest.mark.parametrize(
    "body",
    [{}, {"room_id": "a", "slot_id": 1}, {"room_id": 1}, {"room_id": 1, "slot_id": 1, "x": 1}],
)
def test_bad_move_bodies_are_422(client, camp, body):
    response = client.put(
        camp.url(f"/schedule/{camp.proposals[0].id}"), json=body, headers=camp.headers
    )
    assert response.status_code == 422
    assert error_code(response) == "invalid"


def test_unknown_or_hidden_proposal_is_404(client, camp):
    hidden = camp.proposals[2]
    hidden.hidden = True
    db.session.commit()
    for pid in (hidden.id, 999_999):
        response = client.put(
            camp.url(f"/schedule/{pid}"),
            json={"room_id": camp.rooms[0].id, "slot_id": camp.slots[0].id},
            headers=camp.headers,
        )
        assert response.status_code == 404
        assert error_code(response) == "not_found"


def test_take_off_and_leave_out(client, camp):
    _build(client, camp)
    first = camp.proposals[0].id

    off = client.delete(camp.url(f"/schedule/{first}"), headers=camp.headers)
    left_out = client.put(
        camp.url(f"/schedule/{first}/mode"), json={"mode": "exclude"}, headers=camp.headers
    )
    rebuilt = _build(client, camp)

    assert first not in _cells(off.get_json())
    assert left_out.status_code == 200
    assert first not in _cells(rebuilt)
    assert camp.proposals[4].id in _cells(rebuilt)  # the next one takes the free cell
    bad = client.put(camp.url(f"/schedule/{first}/mode"), json={"mode": "x"}, headers=camp.headers)
    assert bad.status_code == 422


def test_force_in_beats_votes(client, camp):
    last = camp.proposals[4].id
    client.put(camp.url(f"/schedule/{last}/mode"), json={"mode": "include"}, headers=camp.headers)

    body = _build(client, camp)

    assert last in _cells(body)
    assert body["unscheduled"] == [camp.proposals[3].id]


def test_blocking_a_cell_empties_it_and_builds_leave_it_empty(client, camp):
    cells = _cells(_build(client, camp))
    room, slot = camp.rooms[0].id, camp.slots[1].id
    occupant = next(p for p, c in cells.items() if c == (room, slot))

    blocked = client.put(camp.url(f"/rooms/{room}/blocked/{slot}"), headers=camp.headers)
    rebuilt = _build(client, camp)
    freed = client.delete(camp.url(f"/rooms/{room}/blocked/{slot}"), headers=camp.headers)

    assert blocked.status_code == 200
    assert occupant not in _cells(blocked.get_json())
    assert (room, slot) not in _cells(rebuilt).values()
    assert {"room_id": room, "slot_id": slot} in rebuilt["blocked"]
    assert len(_cells(rebuilt)) == 3
    assert freed.get_json()["blocked"] == []


def test_blocking_a_pinned_cell_is_refused(client, camp):
    cells = _cells(_build(client, camp))
    pid = camp.proposals[0].id
    room, slot = cells[pid]
    client.put(
        camp.url(f"/schedule/{pid}"), json={"room_id": room, "slot_id": slot}, headers=camp.headers
    )

    response = client.put(camp.url(f"/rooms/{room}/blocked/{slot}"), headers=camp.headers)

    assert response.status_code == 409
    assert error_code(response) == "cell_pinned"


def test_preview_shows_what_each_cell_would_give(client, camp):
    cells = _cells(_build(client, camp))
    a, b = camp.proposals[0].id, camp.proposals[1].id

    body = client.get(camp.url(f"/schedule/{a}/preview"), headers=camp.headers).get_json()

    by_cell = {(c["room_id"], c["slot_id"]): c for c in body["cells"]}
    assert len(by_cell) == 4
    together = by_cell[(camp.rooms[1].id, cells[b][1])]  # next to b: its 7 voters clash
    assert together["allowed"] is True
    assert together["conflicts_delta"] > 0


def test_publish_versions_and_sequences(client, camp):
    before_publish = client.get(camp.url("/schedule")).get_json()
    cells = _cells(_build(client, camp))
    first = client.post(camp.url("/schedule/publish"), headers=camp.headers)
    a, b = camp.proposals[0].id, camp.proposals[1].id
    client.put(
        camp.url(f"/schedule/{a}"),
        json={"room_id": cells[b][0], "slot_id": cells[b][1], "swap": True},
        headers=camp.headers,
    )
    draft = client.get(camp.url("/schedule?draft=1"), headers=camp.headers).get_json()
    second = client.post(camp.url("/schedule/publish"), headers=camp.headers)
    public = client.get(camp.url("/schedule")).get_json()

    assert before_publish["version"] is None
    assert before_publish["assignments"] == []
    assert first.status_code == 201
    assert first.get_json()["version"] == 1
    assert draft["changes"]["moved"] == [a, b]
    assert draft["changes"]["summary"] == "2 sessions moved."
    assert second.get_json()["version"] == 2
    assert public["version"] == 2
    assert _cells(public)[a] == cells[b]
    assert public["published_at"].endswith(("-04:00", "-05:00")), public["published_at"]
    v2 = db.session.scalar(db.select(Schedule).where(Schedule.version == 2))
    sequences = {e.proposal_id: e.sequence for e in v2.entries}
    assert sequences[a] == sequences[b] == 1
    assert all(sequences[p] == 0 for p in cells if p not in (a, b))


def test_publish_raises_sequence_when_the_title_changes(client, camp):
    _build(client, camp)
    client.post(camp.url("/schedule/publish"), headers=camp.headers)
    camp.proposals[0].title = "Maker spaces on a budget"
    db.session.commit()

    client.post(camp.url("/schedule/publish"), headers=camp.headers)

    v2 = db.session.scalar(db.select(Schedule).where(Schedule.version == 2))
    assert {e.proposal_id: e.sequence for e in v2.entries}[camp.proposals[0].id] == 1


def test_draft_is_not_public(client, camp):
    response = client.get(camp.url("/schedule?draft=1"))
    assert response.status_code == 401
    assert client.get("/api/v1/events/nope/schedule").status_code == 404


def test_placing_a_left_out_proposal_by_hand_brings_it_back(client, camp):
    _build(client, camp)
    first = camp.proposals[0]
    client.put(
        camp.url(f"/schedule/{first.id}/mode"), json={"mode": "exclude"}, headers=camp.headers
    )
    cell = {"room_id": camp.rooms[0].id, "slot_id": camp.slots[0].id, "swap": True}

    placed = client.put(camp.url(f"/schedule/{first.id}"), json=cell, headers=camp.headers)
    rebuilt = _build(client, camp)

    assert placed.status_code == 200
    assert _cells(rebuilt)[first.id] == (camp.rooms[0].id, camp.slots[0].id)
    mode = next(p["mode"] for p in rebuilt["proposals"] if p["id"] == first.id)
    assert mode == "auto"


def test_a_session_back_after_a_version_without_it_gets_a_higher_sequence(client, camp):
    cells = _cells(_build(client, camp))
    a = camp.proposals[0].id
    room, slot = cells[a]
    client.post(camp.url("/schedule/publish"), headers=camp.headers)
    client.delete(camp.url(f"/schedule/{a}"), headers=camp.headers)
    gone = client.post(camp.url("/schedule/publish"), headers=camp.headers).get_json()
    client.put(
        camp.url(f"/schedule/{a}"), json={"room_id": room, "slot_id": slot}, headers=camp.headers
    )
    back = client.post(camp.url("/schedule/publish"), headers=camp.headers).get_json()

    assert gone["changes"]["removed"] == [a]
    assert back["changes"]["added"] == [a]
    v3 = db.session.scalar(db.select(Schedule).where(Schedule.version == 3))
    # calendars saw it at 0, then cancelled at 1: it comes back above both
    assert {e.proposal_id: e.sequence for e in v3.entries}[a] == 2
