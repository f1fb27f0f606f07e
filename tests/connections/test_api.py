"""The contract's connection routes, and what the pages need besides, through the JSON API."""

from __future__ import annotations

import pytest

from edcamp.extensions import db
from edcamp.models import Connection
from tests.helpers import bearer, error_code


def ask(client, people, asker, to, **body):
    return client.post(
        f"/api/v1/events/{people.slug}/connections",
        json={"to": to, **body},
        headers=bearer(asker.token),
    )


def accept(client, people, member, connection_id, **body):
    return client.post(
        f"/api/v1/events/{people.slug}/connections/{connection_id}/accept",
        json=body,
        headers=bearer(member.token),
    )


def mine(client, people, member) -> list[dict]:
    response = client.get(
        f"/api/v1/events/{people.slug}/me/connections", headers=bearer(member.token)
    )
    assert response.status_code == 200
    return response.get_json()["connections"]


def requests_of(client, people, member) -> dict:
    response = client.get(
        f"/api/v1/events/{people.slug}/me/connection-requests", headers=bearer(member.token)
    )
    assert response.status_code == 200
    return response.get_json()


def test_ask_accept_and_both_see_what_each_chose_to_share(client, people):
    asked = ask(
        client, people, people.bob, people.dana.id, message="Weather data?", share=["email"]
    )

    assert asked.status_code == 201
    body = asked.get_json()
    assert body["status"] == "waiting"
    assert body["kind"] == "stay_in_touch"
    assert "person" not in body  # nothing of Dana before she accepts

    accepted = accept(client, people, people.dana, body["id"], share=["mastodon"])

    assert accepted.status_code == 200
    assert accepted.get_json()["status"] == "connected"
    # Dana sees Bob's email though Bob shares nothing publicly; not his Bluesky (not chosen).
    (for_dana,) = mine(client, people, people.dana)
    assert for_dana["person"]["name"] == "Bob Private"
    assert for_dana["person"]["email"] == "bob.private@school.test"
    assert for_dana["person"]["handles"] == {}
    assert for_dana["i_share"] == ["mastodon"]
    # Bob sees Dana's Mastodon, not her email.
    (for_bob,) = mine(client, people, people.bob)
    assert for_bob["person"]["attendee_id"] == people.dana.id
    assert for_bob["person"]["handles"] == {"mastodon": "@dana@hachyderm.io"}
    assert for_bob["person"]["email"] is None
    assert for_bob["kind"] == "stay_in_touch"
    assert for_bob["since"].endswith(("-04:00", "-05:00"))  # the event's offset


def test_share_left_out_means_everything_on_ones_profile(client, people):
    connection_id = ask(client, people, people.bob, people.dana.id).get_json()["id"]
    accept(client, people, people.dana, connection_id)

    (for_bob,) = mine(client, people, people.bob)
    (for_dana,) = mine(client, people, people.dana)
    assert for_bob["person"]["email"] == "dana.partner@school.test"
    assert for_dana["person"]["handles"] == {
        "bluesky": "bob-private.bsky.social",
        "website": "https://bob-private.example/",
    }
    assert for_dana["person"]["role"] == "Teacher"


def test_nothing_is_shown_before_acceptance(client, people):
    connection_id = ask(client, people, people.bob, people.dana.id, share=["email"]).get_json()[
        "id"
    ]

    assert mine(client, people, people.bob) == []
    assert mine(client, people, people.dana) == []
    waiting = requests_of(client, people, people.bob)
    assert waiting["incoming"] == []
    (sent,) = waiting["sent"]
    assert sent["status"] == "waiting"
    assert sent["to"]["name"] == "Dana Partner"  # listed as looking for a partner class
    incoming = requests_of(client, people, people.dana)["incoming"]
    assert incoming == [
        {
            "id": connection_id,
            "kind": "stay_in_touch",
            "message": "",
            "from": {"attendee_id": people.bob.id, "name": "Bob Private"},
            "created_at": incoming[0]["created_at"],
        }
    ]
    secrets = [
        (people.bob, ("dana.partner@school.test", "@dana@hachyderm.io")),
        (
            people.dana,
            ("bob.private@school.test", "bob-private.bsky.social", "bob-private.example"),
        ),
    ]
    for member, hidden in secrets:
        for path in ("me/connections", "me/connection-requests", "partner-classes", "me/connect"):
            response = client.get(
                f"/api/v1/events/{people.slug}/{path}", headers=bearer(member.token)
            )
            assert response.status_code == 200
            text = response.get_data(as_text=True)
            assert [bit for bit in hidden if bit in text] == [], path


def test_ignoring_is_never_told_to_the_asker(client, people):
    connection_id = ask(client, people, people.bob, people.dana.id).get_json()["id"]
    before = requests_of(client, people, people.bob)

    response = client.post(
        f"/api/v1/events/{people.slug}/connections/{connection_id}/ignore",
        headers=bearer(people.dana.token),
    )

    assert response.status_code == 200
    assert requests_of(client, people, people.bob) == before
    assert requests_of(client, people, people.dana)["incoming"] == []
    again = ask(client, people, people.bob, people.dana.id)
    assert again.status_code == 409
    assert error_code(again) == "already_asked"  # the same answer as while it waits


def test_withdrawing_hides_the_details_again_on_both_sides(client, people):
    connection_id = ask(client, people, people.bob, people.dana.id).get_json()["id"]
    accept(client, people, people.dana, connection_id)
    assert len(mine(client, people, people.bob)) == 1

    response = client.delete(
        f"/api/v1/events/{people.slug}/connections/{connection_id}",
        headers=bearer(people.dana.token),
    )

    assert response.status_code == 204
    assert mine(client, people, people.bob) == []
    assert mine(client, people, people.dana) == []
    for member, secret in ((people.bob, "dana.partner"), (people.dana, "bob.private")):
        text = client.get(
            f"/api/v1/events/{people.slug}/me/connection-requests", headers=bearer(member.token)
        ).get_data(as_text=True)
        assert secret not in text
    # Withdrawn: it can be asked again, and the old request cannot be accepted any more.
    late = accept(client, people, people.dana, connection_id)
    assert late.status_code == 409
    assert error_code(late) == "request_withdrawn"
    assert ask(client, people, people.bob, people.dana.id).status_code == 201


def test_asking_someone_who_asked_you_accepts_their_request(client, people):
    connection_id = ask(client, people, people.bob, people.dana.id).get_json()["id"]

    response = ask(client, people, people.dana, people.bob.id, share=["email"])

    assert response.status_code == 200
    assert response.get_json()["id"] == connection_id
    assert response.get_json()["status"] == "connected"
    (for_bob,) = mine(client, people, people.bob)
    assert for_bob["person"]["email"] == "dana.partner@school.test"


def test_only_the_person_asked_accepts_or_ignores(client, people):
    connection_id = ask(client, people, people.bob, people.dana.id).get_json()["id"]

    by_asker = accept(client, people, people.bob, connection_id)
    by_stranger = accept(client, people, people.ann, connection_id)
    ignore_by_asker = client.post(
        f"/api/v1/events/{people.slug}/connections/{connection_id}/ignore",
        headers=bearer(people.bob.token),
    )

    assert by_asker.status_code == 403
    assert by_stranger.status_code == 404  # a stranger is not told it exists
    assert error_code(by_stranger) == "connection_not_found"
    assert ignore_by_asker.status_code == 403
    assert db.session.get(Connection, connection_id).status == "pending"


def test_a_person_nobody_can_see_cannot_be_asked(client, people):
    # Quinn shares nothing and has no listing: her id answers like an unknown one.
    hidden = ask(client, people, people.bob, people.quinn.id)
    unknown = ask(client, people, people.bob, 987654)

    assert hidden.status_code == unknown.status_code == 404
    assert error_code(hidden) == error_code(unknown) == "attendee_not_found"
    assert hidden.get_json() == unknown.get_json()
    assert db.session.query(Connection).count() == 0


def test_an_attendee_of_another_event_cannot_be_asked(client, people, make_event, make_attendee):
    other_event = make_event()
    stranger, _ = make_attendee(other_event, "Sam Stranger", share_contact=True)

    response = ask(client, people, people.bob, stranger.id)

    assert response.status_code == 404
    assert error_code(response) == "attendee_not_found"


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({}, "invalid", "to"),
        ({"to": "2"}, "invalid", "to"),
        ({"to": True}, "invalid", "to"),
        ({"to": None}, "invalid", "to"),
        ({"to": 2**70}, "attendee_not_found", None),
        ({"to": -1}, "attendee_not_found", None),
        ({"to": "DANA", "message": "x" * 501}, "invalid", "message"),
        ({"to": "DANA", "message": ["hi"]}, "invalid", "message"),
        ({"to": "DANA", "kind": "marry"}, "invalid", "kind"),
        ({"to": "DANA", "share": ["password"]}, "invalid", "share"),
        ({"to": "DANA", "share": "email"}, "invalid", "share"),
        ({"to": "DANA", "admin": True}, "invalid", "admin"),
        ({"to": "SELF"}, "cannot_ask_yourself", "to"),
    ],
)
def test_bad_input_is_a_clear_4xx_and_stores_nothing(client, people, body, code, field):
    body = {
        k: (people.dana.id if v == "DANA" else people.bob.id if v == "SELF" else v)
        for k, v in body.items()
    }
    response = client.post(
        f"/api/v1/events/{people.slug}/connections", json=body, headers=bearer(people.bob.token)
    )

    assert 400 <= response.status_code < 500
    assert error_code(response) == code
    assert response.get_json()["error"].get("field") == field
    assert db.session.query(Connection).count() == 0


def test_html_in_a_message_is_kept_as_text_and_control_characters_dropped(client, people):
    ask(
        client, people, people.bob, people.dana.id, message="<script>alert(1)</script>\x07 hi\u202e"
    )

    (incoming,) = requests_of(client, people, people.dana)["incoming"]
    assert incoming["message"] == "<script>alert(1)</script> hi"


def test_a_double_submit_is_a_409_not_a_twin(client, people):
    first = ask(client, people, people.bob, people.dana.id)
    second = ask(client, people, people.bob, people.dana.id)

    assert first.status_code == 201
    assert second.status_code == 409
    assert error_code(second) == "already_asked"
    assert db.session.query(Connection).count() == 1


def test_requests_are_throttled(client, app, people, make_attendee, monkeypatch):
    monkeypatch.setitem(app.config, "CONNECTION_REQUESTS_PER_HOUR", 3)
    listed = [make_attendee(people.event, f"Listed {i}", share_contact=True)[0] for i in range(4)]

    answers = [ask(client, people, people.bob, person.id).status_code for person in listed]

    assert answers == [201, 201, 201, 429]
    last = ask(client, people, people.bob, listed[3].id)
    assert error_code(last) == "too_many_requests"
    assert "3 people" in last.get_json()["error"]["message"]


def test_blocking_stops_requests_without_telling_the_asker(client, people):
    connection_id = ask(client, people, people.bob, people.dana.id).get_json()["id"]
    blocked = client.post(
        f"/api/v1/events/{people.slug}/me/blocks",
        json={"attendee_id": people.bob.id},
        headers=bearer(people.dana.token),
    )
    assert blocked.status_code == 201
    assert requests_of(client, people, people.dana)["incoming"] == []
    # Bob still sees his request waiting, as before.
    (sent,) = requests_of(client, people, people.bob)["sent"]
    assert sent["id"] == connection_id
    assert sent["status"] == "waiting"
    # After Bob cancels and asks again, Dana still hears nothing.
    client.delete(
        f"/api/v1/events/{people.slug}/connections/{connection_id}",
        headers=bearer(people.bob.token),
    )
    again = ask(client, people, people.bob, people.dana.id)
    assert again.status_code == 201
    assert again.get_json()["status"] == "waiting"
    assert requests_of(client, people, people.dana)["incoming"] == []
    listed = client.get(
        f"/api/v1/events/{people.slug}/me/blocks", headers=bearer(people.dana.token)
    ).get_json()
    assert listed == {"blocked": [{"attendee_id": people.bob.id, "name": "Bob Private"}]}
    # Blocking someone who never asked you is "no such person" (no probing who exists).
    probe = client.post(
        f"/api/v1/events/{people.slug}/me/blocks",
        json={"attendee_id": people.quinn.id},
        headers=bearer(people.dana.token),
    )
    assert probe.status_code == 404


def test_blocking_ends_a_connection_and_unblocking_lets_requests_through(client, people):
    connection_id = ask(client, people, people.bob, people.dana.id).get_json()["id"]
    accept(client, people, people.dana, connection_id)
    client.post(
        f"/api/v1/events/{people.slug}/me/blocks",
        json={"attendee_id": people.bob.id},
        headers=bearer(people.dana.token),
    )
    assert mine(client, people, people.bob) == []
    own_ask = ask(client, people, people.dana, people.bob.id)
    assert own_ask.status_code == 409
    assert error_code(own_ask) == "blocked_by_you"

    response = client.delete(
        f"/api/v1/events/{people.slug}/me/blocks/{people.bob.id}",
        headers=bearer(people.dana.token),
    )

    assert response.status_code == 204
    again = ask(client, people, people.bob, people.dana.id)
    assert again.status_code == 201
    (incoming,) = requests_of(client, people, people.dana)["incoming"]
    assert incoming["id"] == again.get_json()["id"]


def test_routes_need_an_attendee_of_this_event(client, people, make_event, make_attendee):
    other_event = make_event()
    _stranger, stranger_token = make_attendee(other_event, "Sam Stranger")
    path = f"/api/v1/events/{people.slug}/me/connections"

    assert client.get(path).status_code == 401
    assert client.get(path, headers=bearer(stranger_token)).status_code == 401
    connection_id = ask(client, people, people.bob, people.dana.id).get_json()["id"]
    response = client.post(
        f"/api/v1/events/{people.slug}/connections/{connection_id}/accept",
        headers=bearer(stranger_token),
    )
    assert response.status_code == 401


def test_the_openapi_document_lists_the_connection_routes(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]

    assert "/api/v1/events/{slug}/connections" in paths
    assert "/api/v1/events/{slug}/connections/{connection_id}/accept" in paths
    assert "/api/v1/events/{slug}/me/connections" in paths


def test_the_database_keeps_one_standing_request_per_direction(people):
    from sqlalchemy.exc import IntegrityError

    def row(status):
        return Connection(
            event_id=people.event.id,
            from_id=people.bob.id,
            to_id=people.dana.id,
            kind="stay_in_touch",
            status=status,
            from_shares=[],
            to_shares=[],
        )

    db.session.add_all([row("withdrawn"), row("withdrawn"), row("pending")])
    db.session.commit()  # ended ones do not count
    db.session.add(row("ignored"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_two_taps_at_once_answer_409_through_the_unique_index(client, people, monkeypatch):
    from edcamp.connections import service

    assert ask(client, people, people.bob, people.dana.id).status_code == 201
    # The second tap read the table before the first one committed: it saw nothing.
    monkeypatch.setattr(service, "standing", lambda _a, _b: [])

    second = ask(client, people, people.bob, people.dana.id)

    assert second.status_code == 409
    assert error_code(second) == "already_asked"
    assert db.session.query(Connection).count() == 1


def test_either_side_changes_what_it_shares_from_now_on(client, people):
    connection_id = ask(client, people, people.bob, people.dana.id).get_json()["id"]
    accept(client, people, people.dana, connection_id, share=["email", "mastodon"])
    path = f"/api/v1/events/{people.slug}/connections/{connection_id}"

    response = client.patch(path, json={"share": ["email"]}, headers=bearer(people.dana.token))

    assert response.status_code == 200
    assert response.get_json()["i_share"] == ["email"]
    (for_bob,) = mine(client, people, people.bob)
    assert for_bob["person"]["handles"] == {}  # her Mastodon is hidden again at once
    assert for_bob["person"]["email"] == "dana.partner@school.test"
    assert client.patch(path, json={}, headers=bearer(people.dana.token)).status_code == 422
    bad = client.patch(path, json={"share": ["pin"]}, headers=bearer(people.bob.token))
    assert bad.status_code == 422
    stranger = client.patch(path, json={"share": []}, headers=bearer(people.ann.token))
    assert stranger.status_code == 404


def test_what_one_shares_cannot_change_before_acceptance(client, people):
    connection_id = ask(client, people, people.bob, people.dana.id).get_json()["id"]

    response = client.patch(
        f"/api/v1/events/{people.slug}/connections/{connection_id}",
        json={"share": ["email"]},
        headers=bearer(people.dana.token),
    )

    assert response.status_code == 409
    assert error_code(response) == "not_connected"
    assert db.session.get(Connection, connection_id).to_shares == []
