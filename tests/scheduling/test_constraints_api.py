"""Scheduling constraints and stable rebuilds through the JSON API, end to end."""

from __future__ import annotations

import pytest

from edcamp.extensions import db
from edcamp.models import Schedule, ScheduleEntry
from tests.helpers import bearer, error_code


def _cells(body: dict) -> dict[int, tuple[int, int]]:
    return {a["proposal_id"]: (a["room_id"], a["slot_id"]) for a in body["assignments"]}


def _ok(response, status: int = 200) -> dict:
    assert response.status_code == status, response.get_json()
    return response.get_json()


def _build(client, camp, **body) -> dict:
    # a generous time cap: the iteration budget ends the search, so grids do not depend on load
    body.setdefault("time_limit_s", 30)
    return _ok(client.post(camp.url("/schedule/build"), json=body, headers=camp.headers))


def _draft_rows(camp) -> list[tuple[int, int, int]]:
    db.session.expire_all()
    return sorted(
        (e.proposal_id, e.room_id, e.slot_id)
        for e in db.session.query(ScheduleEntry).join(Schedule)
        if e.schedule.event_id == camp.event.id and e.schedule.version is None
    )


def test_room_features_are_set_cleaned_and_read_back(client, camp):
    room = camp.rooms[1]
    body = _ok(
        client.patch(
            camp.url(f"/rooms/{room.id}"),
            json={"features": [" Projector", "step-free", "projector"]},
            headers=camp.headers,
        )
    )
    assert body["features"] == ["projector", "step-free"]
    added = _ok(
        client.post(
            camp.url("/rooms"),
            json={"name": "Garden", "capacity": 12, "features": ["outdoor"]},
            headers=camp.headers,
        ),
        201,
    )
    assert added["features"] == ["outdoor"]
    event = _ok(client.get(camp.url("")))
    assert {r["name"]: r["features"] for r in event["rooms"]}["Room 2"] == [
        "projector",
        "step-free",
    ]


@pytest.mark.parametrize(
    "bad", ["projector", [1], ["x" * 41], ["a", None], [f"f{k}" for k in range(13)]]
)
def test_bad_features_get_a_clear_422_and_change_nothing(client, camp, bad):
    room = camp.rooms[0]
    response = client.patch(
        camp.url(f"/rooms/{room.id}"), json={"features": bad}, headers=camp.headers
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert room.features == []


def test_needs_send_a_session_to_a_room_that_has_them(client, camp):
    quiet = camp.rooms[1]
    _ok(
        client.patch(
            camp.url(f"/rooms/{quiet.id}"), json={"features": ["quiet"]}, headers=camp.headers
        )
    )
    top = camp.proposals[0]  # 9 votes: without needs it would get the 30-seat library
    body = _ok(
        client.patch(
            camp.url(f"/proposals/{top.id}"), json={"needs": ["Quiet"]}, headers=camp.headers
        )
    )
    assert body["needs"] == ["quiet"]

    grid = _build(client, camp)

    assert _cells(grid)[top.id][0] == quiet.id
    # a hand move to a room without it is refused, saying which rule
    library = camp.rooms[0].id
    response = client.put(
        camp.url(f"/schedule/{top.id}"),
        json={"room_id": library, "slot_id": camp.slots[0].id, "swap": True},
        headers=camp.headers,
    )
    assert response.status_code == 409
    assert error_code(response) == "needs_unmet"


def test_a_need_no_room_has_is_explained_with_what_would_make_room(client, camp):
    top = camp.proposals[0]
    _ok(
        client.patch(
            camp.url(f"/proposals/{top.id}"), json={"needs": ["kitchen"]}, headers=camp.headers
        )
    )

    grid = _build(client, camp)

    assert top.id in grid["unscheduled"]
    reason = grid["reasons"][str(top.id)]
    assert reason["code"] == "needs_unmet"
    assert "kitchen" in reason["fix"]


def test_a_double_session_takes_two_consecutive_slots_in_one_room(client, camp):
    third = _ok(
        client.post(
            camp.url("/slots"),
            json={"starts_at": "11:00", "ends_at": "11:50"},
            headers=camp.headers,
        ),
        201,
    )
    workshop = camp.proposals[2]
    body = _ok(
        client.patch(
            camp.url(f"/proposals/{workshop.id}"), json={"length": 2}, headers=camp.headers
        )
    )
    assert body["length"] == 2

    grid = _build(client, camp)

    entry = next(a for a in grid["assignments"] if a["proposal_id"] == workshop.id)
    slot_ids = [s["id"] for s in grid["slots"]]
    assert entry["length"] == 2
    start = slot_ids.index(entry["slot_id"])
    assert entry["slot_ids"] == slot_ids[start : start + 2]
    second = (entry["room_id"], entry["slot_ids"][1])
    assert second not in _cells(grid).values()
    assert third["id"] in slot_ids
    assert grid["warnings"] == []


@pytest.mark.parametrize("bad", [3, 0, "2", True])
def test_a_bad_length_is_refused(client, camp, bad):
    p = camp.proposals[0]
    response = client.patch(
        camp.url(f"/proposals/{p.id}"), json={"length": bad}, headers=camp.headers
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert p.length == 1


def test_a_break_slot_stays_empty_and_says_what_it_is(client, camp):
    lunch = _ok(
        client.post(
            camp.url("/slots"),
            json={"starts_at": "12:00", "ends_at": "12:50", "break_label": "Lunch"},
            headers=camp.headers,
        ),
        201,
    )
    assert lunch["break_label"] == "Lunch"

    grid = _build(client, camp)

    assert lunch["id"] not in {slot for _, slot in _cells(grid).values()}
    assert {s["id"]: s["break_label"] for s in grid["slots"]}[lunch["id"]] == "Lunch"
    # a slot with sessions cannot become a break until they move
    busy = next(iter(_cells(grid).values()))[1]
    response = client.patch(
        camp.url(f"/slots/{busy}"), json={"break_label": "Smackdown"}, headers=camp.headers
    )
    assert response.status_code == 409
    assert error_code(response) == "slot_in_use"


def test_a_facilitator_who_leaves_early_never_gets_a_late_session(client, camp):
    top = camp.proposals[0]  # led by attendee 0
    natural = _cells(_build(client, camp))[top.id][1]
    me = _ok(
        client.patch(
            camp.url("/me"),
            json={"unavailable_slot_ids": [natural]},
            headers=bearer(camp.tokens[0]),
        )
    )
    assert me["unavailable_slot_ids"] == [natural]

    for seed in range(3):
        grid = _build(client, camp, seed=seed)
        assert top.id in _cells(grid)
        assert _cells(grid)[top.id][1] != natural
    # and by hand: moving it there is refused with the rule's name
    response = client.put(
        camp.url(f"/schedule/{top.id}"),
        json={"room_id": camp.rooms[0].id, "slot_id": natural, "swap": True},
        headers=camp.headers,
    )
    assert response.status_code == 409
    assert error_code(response) == "facilitator_unavailable"


@pytest.mark.parametrize("bad", [[999999], ["1"], "1", [True]])
def test_unknown_or_malformed_unavailable_slots_are_refused(client, camp, bad):
    response = client.patch(
        camp.url("/me"), json={"unavailable_slot_ids": bad}, headers=bearer(camp.tokens[0])
    )
    assert response.status_code == 422
    db.session.expire_all()
    assert camp.attendees[0].unavailable_slot_ids == []


def test_a_rebuild_preview_shows_published_moves_and_saves_nothing(client, camp):
    first = _build(client, camp)
    _ok(client.post(camp.url("/schedule/publish"), headers=camp.headers), 201)
    before = _draft_rows(camp)
    # the most voted proposal's facilitator now has to leave before its slot
    top = camp.proposals[0]
    slot = _cells(first)[top.id][1]
    _ok(
        client.patch(
            camp.url("/me"), json={"unavailable_slot_ids": [slot]}, headers=bearer(camp.tokens[0])
        )
    )

    preview = _build(client, camp, preview=True)

    assert preview["rebuild"]["saved"] is False
    assert top.id in preview["rebuild"]["published_moves"]
    count = len(preview["rebuild"]["published_moves"])
    assert preview["rebuild"]["summary"].startswith(f"This rebuild moves {count} published")
    assert _draft_rows(camp) == before  # nothing saved yet

    rows = [
        {"proposal_id": a["proposal_id"], "room_id": a["room_id"], "slot_id": a["slot_id"]}
        for a in preview["assignments"]
    ]
    saved = _ok(client.put(camp.url("/schedule"), json={"assignments": rows}, headers=camp.headers))
    assert _cells(saved) == _cells(preview)
    assert _draft_rows(camp) != before


def test_a_rebuild_keeps_published_sessions_when_moving_costs_too_much(client, camp):
    first = _build(client, camp)
    _ok(client.post(camp.url("/schedule/publish"), headers=camp.headers), 201)

    for cost in (1000, 10):
        again = _build(client, camp, seed=5, move_cost=cost)
        assert again["rebuild"]["published_moves"] == []
        assert _cells(again) == _cells(first)


def test_saving_an_outdated_preview_is_refused(client, camp):
    grid = _build(client, camp)
    rows = [
        {"proposal_id": a["proposal_id"], "room_id": a["room_id"], "slot_id": a["slot_id"]}
        for a in grid["assignments"]
    ]
    # a room closes for a slot after the preview
    room_id, slot_id = rows[0]["room_id"], rows[0]["slot_id"]
    client.delete(camp.url(f"/schedule/{rows[0]['proposal_id']}"), headers=camp.headers)
    _ok(client.put(camp.url(f"/rooms/{room_id}/blocked/{slot_id}"), headers=camp.headers))

    response = client.put(camp.url("/schedule"), json={"assignments": rows}, headers=camp.headers)

    assert response.status_code == 409
    assert error_code(response) == "grid_outdated"
    for bad in ({"assignments": "x"}, {"assignments": [{"proposal_id": 1}]}, {"nope": []}):
        assert client.put(camp.url("/schedule"), json=bad, headers=camp.headers).status_code == 422


def test_an_organizer_sets_a_facilitators_availability_and_the_draft_warns(client, camp):
    top, leader = camp.proposals[0], camp.attendees[0]
    natural = _cells(_build(client, camp))[top.id][1]
    draft = _ok(client.get(camp.url("/schedule?draft=1"), headers=camp.headers))
    row = next(f for f in draft["facilitators"] if f["attendee_id"] == leader.id)
    assert row["proposal_ids"] == [top.id]
    assert row["unavailable_slot_ids"] == []

    body = _ok(
        client.put(
            camp.url(f"/facilitators/{leader.id}/availability"),
            json={"unavailable_slot_ids": [natural]},
            headers=camp.headers,
        )
    )

    db.session.expire_all()
    assert camp.attendees[0].unavailable_slot_ids == [natural]
    # the session is still where it was: the draft says which rule it now breaks
    assert _cells(body)[top.id][1] == natural
    assert {"proposal_id": top.id, "code": "facilitator_unavailable"} in [
        {k: w[k] for k in ("proposal_id", "code")} for w in body["warnings"]
    ]
    row = next(f for f in body["facilitators"] if f["attendee_id"] == leader.id)
    assert row["unavailable_slot_ids"] == [natural]
    # the next build moves it out, and the warning is gone
    rebuilt = _build(client, camp)
    assert _cells(rebuilt)[top.id][1] != natural
    assert rebuilt["warnings"] == []
    # the facilitator sees the same on their profile
    me = _ok(client.get(camp.url("/me"), headers=bearer(camp.tokens[0])))
    assert me["unavailable_slot_ids"] == [natural]


def test_facilitators_in_the_draft_follow_the_public_name_rule(client, camp):
    camp.attendees[1].show_name = False
    camp.attendees[0].show_name = True
    db.session.commit()

    draft = _ok(client.get(camp.url("/schedule?draft=1"), headers=camp.headers))

    names = {f["attendee_id"]: f["name"] for f in draft["facilitators"]}
    assert names[camp.attendees[0].id] == "Teacher 0"
    assert names[camp.attendees[1].id] == "a participant"
    # published (public) grids carry no facilitators at all
    _ok(client.post(camp.url("/schedule/publish"), headers=camp.headers), 201)
    assert "facilitators" not in _ok(client.get(camp.url("/schedule")))


@pytest.mark.parametrize(
    ("who", "body", "status"),
    [
        ("leader", {"unavailable_slot_ids": [999999]}, 422),
        ("leader", {"unavailable_slot_ids": ["1"]}, 422),
        ("leader", {"unavailable_slot_ids": None}, 422),
        ("leader", {}, 422),
        ("leader", {"unavailable_slot_ids": [], "extra": 1}, 422),
        ("voter", {"unavailable_slot_ids": []}, 404),  # leads nothing
        ("nobody", {"unavailable_slot_ids": []}, 404),
    ],
)
def test_setting_availability_refuses_bad_input_and_non_facilitators(
    client, camp, who, body, status
):
    target = {
        "leader": camp.attendees[0].id,
        "voter": camp.attendees[9].id,
        "nobody": 999999,
    }[who]

    response = client.put(
        camp.url(f"/facilitators/{target}/availability"), json=body, headers=camp.headers
    )

    assert response.status_code == status
    db.session.expire_all()
    assert all(a.unavailable_slot_ids in ([], None) for a in camp.attendees)


def test_another_events_facilitator_is_not_found(client, camp, make_event, make_attendee):
    other = make_event(slug="other-camp", rooms=[("Hall", 10)], slots=[("09:00", "09:50")])
    stranger, _ = make_attendee(other, name="Stranger")

    response = client.put(
        camp.url(f"/facilitators/{stranger.id}/availability"),
        json={"unavailable_slot_ids": []},
        headers=camp.headers,
    )

    assert response.status_code == 404
