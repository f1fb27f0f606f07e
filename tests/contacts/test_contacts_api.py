from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from edcamp.api.openapi import undocumented_routes
from edcamp.extensions import db
from edcamp.models import Attendee, CheckIn
from edcamp.voting.service import vote_counts
from tests.helpers import bearer, error_code


def api(slug, path=""):
    return f"/api/v1/events/{slug}{path}"


def test_every_contacts_route_is_documented(app):
    assert [r for r in undocumented_routes() if "/me" in r or "resources" in r] == []


def test_get_and_patch_my_profile(client, scene):
    url = api(scene.event.slug, "/me")
    me = client.get(url, headers=bearer(scene.cy_token)).get_json()
    assert me["share_contact"] is False
    assert me["handles"]["mastodon"] == "@cy@mastodon.social"
    response = client.patch(
        url,
        json={
            "share_contact": True,
            "handles": {"bluesky": "https://bsky.app/profile/cy.bsky.social"},
        },
        headers=bearer(scene.cy_token),
    )
    assert response.status_code == 200
    body = response.get_json()
    assert body["share_contact"] is True
    assert body["share_email"] is False
    assert body["handles"]["bluesky"] == "cy.bsky.social"
    assert body["handles"]["mastodon"] == "@cy@mastodon.social"  # untouched
    assert body["name"] == "Cy Private"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"handles": {"website": "javascript:alert(1)"}}, "website"),
        ({"handles": {"blog_feed": "http://[oops/feed"}}, "blog_feed"),
        ({"handles": {"myspace": "tom"}}, "myspace"),
        ({"handles": "nope"}, "handles"),
        ({"handles": {"x": 5}}, "x"),
        ({"share_contact": "yes"}, "share_contact"),
        ({"favourite_colour": "blue"}, "favourite_colour"),
        ({"name": "x" * 81}, "name"),
    ],
)
def test_patch_me_rejects_bad_input_without_partial_writes(client, scene, body, field):
    response = client.patch(
        api(scene.event.slug, "/me"), json=body, headers=bearer(scene.ann_token)
    )
    assert response.status_code == 422
    assert error_code(response) == "invalid"
    assert response.get_json()["error"]["field"] == field
    db.session.expire_all()
    ann = db.session.get(Attendee, scene.ann.id)
    assert ann.website == "https://ann.example/"
    assert ann.name == "Ann <b>Bold</b>"


def test_patch_me_with_a_non_json_body_is_400(client, scene):
    response = client.patch(
        api(scene.event.slug, "/me"),
        data="not json",
        headers={**bearer(scene.ann_token), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert error_code(response) == "bad_json"


def test_me_needs_an_attendee_of_this_event(client, scene, make_event, make_attendee):
    assert client.get(api(scene.event.slug, "/me")).status_code == 401
    other = make_event()
    _, token = make_attendee(other)
    response = client.get(api(scene.event.slug, "/me"), headers=bearer(token))
    assert response.status_code == 401
    assert error_code(response) == "unauthorized"


def test_delete_me_keeps_votes(client, scene):
    counts = vote_counts(scene.event)
    response = client.delete(api(scene.event.slug, "/me"), headers=bearer(scene.bob_token))
    assert response.status_code == 204
    assert vote_counts(scene.event) == counts
    assert (
        client.get(api(scene.event.slug, "/me"), headers=bearer(scene.bob_token)).status_code == 401
    )


def test_checkin_api(client, scene):
    url = api(scene.event.slug, f"/sessions/{scene.podcasts.id}/checkin")
    assert client.put(url, headers=bearer(scene.ann_token)).get_json() == {"checked_in": True}
    assert client.put(url, headers=bearer(scene.ann_token)).status_code == 200  # idempotent
    assert db.session.get(CheckIn, (scene.ann.id, scene.podcasts.id)) is not None
    assert client.delete(url, headers=bearer(scene.ann_token)).get_json() == {"checked_in": False}
    unscheduled = api(scene.event.slug, f"/sessions/{scene.unscheduled.id}/checkin")
    response = client.put(unscheduled, headers=bearer(scene.ann_token))
    assert response.status_code == 409
    assert error_code(response) == "not_scheduled"
    missing = client.put(
        api(scene.event.slug, "/sessions/424242/checkin"), headers=bearer(scene.ann_token)
    )
    assert missing.status_code == 404
    assert client.put(url).status_code == 401


def test_resource_wall_api(client, scene):
    url = api(scene.event.slug, "/resources")
    created = client.post(
        url, json={"url": "example.org/slides", "note": "Slides"}, headers=bearer(scene.cy_token)
    )
    assert created.status_code == 201
    assert created.get_json()["url"] == "https://example.org/slides"
    bad = client.post(url, json={"url": "javascript:alert(1)"}, headers=bearer(scene.cy_token))
    assert bad.status_code == 422
    assert error_code(bad) == "invalid"
    missing = client.post(url, json={"note": "no url"}, headers=bearer(scene.cy_token))
    assert missing.status_code == 422
    listing = client.get(url).get_json()["resources"]
    assert [(r["note"], r["by"]) for r in listing] == [("Slides", "")]  # Cy does not share


def test_connect_api_lists_only_my_sessions_and_consenting_people(client, scene):
    response = client.get(api(scene.event.slug, "/me/connect"), headers=bearer(scene.dee_token))
    assert response.status_code == 200
    body = response.get_json()
    assert [s["title"] for s in body["sessions"]] == ["Podcasts"]
    starts = datetime.fromisoformat(body["sessions"][0]["starts_at"])
    zone = ZoneInfo(scene.event.timezone)
    assert starts == datetime.combine(scene.event.date, time(10, 30), tzinfo=zone)
    people = body["sessions"][0]["people"]
    assert [p["name"] for p in people] == ["Bob"]
    assert people[0]["email"] is None
    assert people[0]["links"][0]["url"] == "https://hachyderm.io/@bob"
    assert "Cy Private" not in response.get_data(as_text=True)
    assert {s["name"] for s in body["suggestions"]} <= {"Ann <b>Bold</b>", "Bob"}
    assert client.get(api(scene.event.slug, "/me/connect")).status_code == 401
