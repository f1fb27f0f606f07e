"""Reflections, the record, its link and the confirmation through the JSON API."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from edcamp.extensions import db
from edcamp.models import EvidenceLink, Reflection
from tests.helpers import bearer, error_code


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_reflection_round_trip(client, scene):
    base = f"/api/v1/events/{scene.event.slug}/me"
    auth = bearer(scene.cy_token)
    listing = client.get(f"{base}/reflections", headers=auth).get_json()
    assert [(s["title"], s["part"], s["reflection"]) for s in listing["sessions"]] == [
        ("Makerspaces", "attended", None)
    ]
    assert datetime.fromisoformat(listing["sessions"][0]["starts_at"]).utcoffset() is not None
    url = f"{base}/reflections/{scene.maker.id}"
    body = {"learned": "Prototypes", "will_try": "A maker Friday", "on_record": True}
    answer = client.put(url, json=body, headers=auth)
    assert answer.status_code == 200
    assert answer.get_json()["learned"] == "Prototypes"
    added = client.post(
        f"{url}/evidence", json={"url": "https://cy.example/post", "label": "Post"}, headers=auth
    )
    assert added.status_code == 201
    again = client.post(f"{url}/evidence", json={"url": "https://cy.example/post"}, headers=auth)
    assert (again.status_code, error_code(again)) == (409, "duplicate_link")
    outcome = client.put(f"{url}/outcome", json={"outcome": "It worked"}, headers=auth)
    assert outcome.get_json()["outcome"] == "It worked"

    record = client.get(f"{base}/record", headers=auth).get_json()
    assert record["participant"] == "Cy Private"
    assert record["total_hours"] == 1.5
    [reflection] = record["reflections"]
    assert reflection["outcome"] == "It worked"
    assert reflection["evidence"][0]["url"] == "https://cy.example/post"

    evidence_id = added.get_json()["id"]
    assert client.delete(f"{base}/evidence/{evidence_id}", headers=auth).status_code == 204
    assert client.delete(url, headers=auth).status_code == 204
    assert (_count(Reflection), _count(EvidenceLink)) == (0, 0)


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"learned": 5}, 422, "invalid"),
        ({"learned": "x" * 2001}, 422, "invalid"),
        ({"will_try": ["a"]}, 422, "invalid"),
        ({"on_record": "yes"}, 422, "invalid"),
        ({"learned": "ok", "mood": "happy"}, 422, "invalid"),
        ({}, 422, "invalid"),
        ({"learned": "a\u0000b"}, 400, "bad_json"),
    ],
)
def test_bad_reflection_bodies_are_4xx_and_store_nothing(client, scene, body, status, code):
    url = f"/api/v1/events/{scene.event.slug}/me/reflections/{scene.maker.id}"
    answer = client.put(url, json=body, headers=bearer(scene.cy_token))
    assert answer.status_code == status
    if code != "bad_json":
        assert error_code(answer) == code
    assert _count(Reflection) == 0


def test_not_json_and_foreign_ids(client, scene, make_event, make_attendee):
    slug, auth = scene.event.slug, bearer(scene.cy_token)
    url = f"/api/v1/events/{slug}/me/reflections/{scene.maker.id}"
    answer = client.put(url, data="learned=x", headers=auth, content_type="text/plain")
    assert answer.status_code == 400
    not_mine = f"/api/v1/events/{slug}/me/reflections/{scene.podcasts.id}"
    answer = client.put(not_mine, json={"learned": "x"}, headers=auth)
    assert (answer.status_code, error_code(answer)) == (403, "not_your_session")
    other = make_event()
    _stranger, token = make_attendee(other, "Stranger")
    # a session of another event, through that event's URL: not on its grid
    answer = client.put(
        f"/api/v1/events/{other.slug}/me/reflections/{scene.maker.id}",
        json={"learned": "x"},
        headers=bearer(token),
    )
    assert answer.status_code == 404
    # the attendee token of one event does not open another event
    assert (
        client.get(f"/api/v1/events/{other.slug}/me/reflections", headers=auth).status_code == 401
    )
    assert client.get(f"/api/v1/events/{slug}/me/reflections").status_code == 401
    assert _count(Reflection) == 0


def test_evidence_bad_links_and_the_cap(client, scene):
    url = f"/api/v1/events/{scene.event.slug}/me/reflections/{scene.maker.id}/evidence"
    auth = bearer(scene.ann_token)
    for bad in (
        {"url": "javascript:alert(1)"},
        {"url": 7},
        {},
        {"url": "https://a.example", "label": "x" * 121},
    ):
        answer = client.post(url, json=bad, headers=auth)
        assert answer.status_code == 422, bad
    for n in range(8):
        assert (
            client.post(url, json={"url": f"https://a.example/{n}"}, headers=auth).status_code
            == 201
        )
    answer = client.post(url, json={"url": "https://a.example/9"}, headers=auth)
    assert answer.status_code == 422
    assert "at most 8" in answer.get_json()["error"]["message"]
    assert _count(EvidenceLink) == 8


def test_outcome_needs_a_will_try(client, scene):
    url = f"/api/v1/events/{scene.event.slug}/me/reflections/{scene.maker.id}"
    auth = bearer(scene.ann_token)
    client.put(url, json={"learned": "Lots"}, headers=auth)
    answer = client.put(f"{url}/outcome", json={"outcome": "fine"}, headers=auth)
    assert (answer.status_code, error_code(answer)) == (409, "nothing_to_try")
    assert client.put(f"{url}/outcome", json={}, headers=auth).status_code == 422


def test_rotating_the_record_link_through_the_api(client, scene):
    base = f"/api/v1/events/{scene.event.slug}/me"
    auth = bearer(scene.cy_token)
    before = client.get(f"{base}/record", headers=auth).get_json()
    old = before["verify_url"].replace("https://edcamp.test", "")
    assert client.get(old).status_code == 200
    rotated = client.post(f"{base}/record-link", headers=auth).get_json()
    assert rotated["verify_url"] != before["verify_url"]
    assert client.get(old).status_code == 404
    assert client.get(before["pdf_url"].replace("https://edcamp.test", "")).status_code == 404
    new = client.get(rotated["verify_url"].replace("https://edcamp.test", ""))
    assert new.status_code == 200
    assert "Cy Private" in new.get_data(as_text=True)


def test_organizer_confirms_and_withdraws(client, scene, organizer_token, make_organizer):
    url = f"/api/v1/events/{scene.event.slug}/records/confirmation"
    token = organizer_token(scene.organizer)
    answer = client.put(url, json={"note": "Door check-ins"}, headers=bearer(token))
    assert answer.status_code == 200
    assert answer.get_json()["confirmed_by"] == "Olivia Organizer"
    record = client.get(
        f"/api/v1/events/{scene.event.slug}/me/record", headers=bearer(scene.cy_token)
    )
    assert record.get_json()["confirmation"]["note"] == "Door check-ins"
    too_long = client.put(url, json={"note": "x" * 301}, headers=bearer(token))
    assert too_long.status_code == 422
    stranger = organizer_token(make_organizer(name="Mallory"))
    assert client.put(url, json={}, headers=bearer(stranger)).status_code == 403
    assert client.put(url, json={}, headers=bearer(scene.cy_token)).status_code == 401
    assert client.delete(url, headers=bearer(token)).status_code == 204
    record = client.get(
        f"/api/v1/events/{scene.event.slug}/me/record", headers=bearer(scene.cy_token)
    )
    assert record.get_json()["confirmation"] is None
