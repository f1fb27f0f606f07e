"""Rotating an attendee's token ("Sign out my other devices", POST .../me/token).

The old token, every other device's sign-in (a copied cookie too) and every unused sign-in
link stop working at once, for pages, the API and votes (on PostgreSQL too, where a phone's
vote is one statement); the new token and the phone that asked keep working. With gunicorn
and two workers, no worker accepts the old token after the answer.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from edcamp.attendees import comeback
from edcamp.extensions import db
from edcamp.models import Attendee, Vote
from edcamp.proposals.service import ProposalText, create_proposal
from tests.helpers import bearer
from tests.servers import gunicorn


@pytest.fixture
def event(make_event):
    return make_event(slug="rotate-26")


def _proposal(event, by) -> int:
    proposal = create_proposal(event, ProposalText(title="Rubrics that help"), by=by)
    db.session.commit()
    return proposal.id


def _me(client, slug: str, token: str | None = None):
    return client.get(f"/api/v1/events/{slug}/me", headers=bearer(token) if token else {})


def _votes_of(attendee_id: int) -> int:
    db.session.expire_all()
    return len(db.session.scalars(select(Vote).where(Vote.attendee_id == attendee_id)).all())


def test_the_api_gives_a_new_token_and_the_old_one_stops_at_once(client, event, make_attendee):
    attendee, old = make_attendee(event)
    proposal_id = _proposal(event, attendee)
    link = comeback.device_link(attendee)  # made before: must die with the old token
    db.session.commit()

    rotated = client.post(f"/api/v1/events/{event.slug}/me/token", headers=bearer(old))
    assert rotated.status_code == 201, rotated.get_json()
    assert rotated.headers["Cache-Control"] == "no-store"
    new = rotated.get_json()["attendee_token"]
    assert new != old
    assert new.startswith(old[:4])

    assert _me(client, event.slug, old).status_code == 401
    assert _me(client, event.slug, new).get_json()["name"] == attendee.name
    vote = f"/api/v1/events/{event.slug}/proposals/{proposal_id}/vote"
    assert client.post(vote, headers=bearer(old)).status_code == 401
    assert _votes_of(attendee.id) == 0
    assert client.post(vote, headers=bearer(new)).status_code == 200
    assert _votes_of(attendee.id) == 1
    # Rotating again with the old token is nobody's request.
    assert (
        client.post(f"/api/v1/events/{event.slug}/me/token", headers=bearer(old)).status_code == 401
    )
    token = link.rsplit("/", 1)[1]
    used = client.post(f"/events/{event.slug}/signin/{token}", data={})
    assert used.status_code == 410
    assert _me(client, event.slug).status_code == 401  # that link signed nobody in


def test_signing_out_other_devices_from_the_profile_page(app, client, event, join_as):
    phone = join_as(event, "Pat Teacher")
    attendee = db.session.scalar(select(Attendee).where(Attendee.name == "Pat Teacher"))
    proposal_id = _proposal(event, attendee)
    copied = app.test_client()  # a copy of the phone's cookie, taken before
    copied.set_cookie("session", phone.get_cookie("session").value)
    assert copied.get(f"/events/{event.slug}/me").status_code == 200

    page = phone.get(f"/events/{event.slug}/me").get_data(as_text=True)
    assert "Sign out my other devices" in page
    assert f'action="/events/{event.slug}/me/sign-out-others"' in page
    answer = phone.post(f"/events/{event.slug}/me/sign-out-others", follow_redirects=True)
    assert answer.status_code == 200
    text = answer.get_data(as_text=True)
    assert "Your other devices and apps are signed out" in text
    assert "My profile" in text  # this phone stays signed in

    # The copy is out everywhere: votes (first: a page visit drops the stale claim), the
    # API, and pages.
    vote = f"/api/v1/events/{event.slug}/proposals/{proposal_id}/vote"
    assert copied.post(vote).status_code == 401
    assert _votes_of(attendee.id) == 0
    assert _me(copied, event.slug).status_code == 401
    profile = copied.get(f"/events/{event.slug}/me")
    assert profile.status_code == 302
    assert profile.headers["Location"].endswith("/join")
    assert phone.post(vote).status_code == 200
    assert _votes_of(attendee.id) == 1
    assert phone.get(f"/events/{event.slug}/me").status_code == 200


def test_a_phone_rotating_through_the_api_stays_signed_in(client, event, join_as):
    phone = join_as(event)
    rotated = phone.post(f"/api/v1/events/{event.slug}/me/token")
    assert rotated.status_code == 201
    assert _me(phone, event.slug).status_code == 200
    assert _me(phone, event.slug, rotated.get_json()["attendee_token"]).status_code == 200


def test_a_claim_made_before_claims_carried_the_hash_is_upgraded(client, event, make_attendee):
    attendee, _ = make_attendee(event)
    with client.session_transaction() as session:
        session["attendees"] = {str(event.id): attendee.id}
    assert _me(client, event.slug).status_code == 200
    with client.session_transaction() as session:
        assert session["attendees"][str(event.id)] == [attendee.id, attendee.token_hash]


def test_rotating_needs_the_attendee(client, event, make_attendee):
    _, token = make_attendee(event)
    other = client.post(f"/api/v1/events/{event.slug}/me/token")
    assert other.status_code == 401
    page = client.post(f"/events/{event.slug}/me/sign-out-others")
    assert page.status_code == 401
    assert _me(client, event.slug, token).status_code == 200  # nothing rotated


@pytest.mark.slow
def test_the_old_token_is_dead_on_every_worker_at_once(app, event, make_attendee):
    attendee, old = make_attendee(event)
    slug = event.slug
    with gunicorn(app, EDCAMP_BASE_URL="http://127.0.0.1:{port}") as server:
        me = f"/api/v1/events/{slug}/me"
        for _ in range(6):  # warm both workers with the old token
            assert server.request("GET", me, headers=bearer(old))[0] == 200
        status, _, body = server.request("POST", f"{me}/token", headers=bearer(old), body=b"")
        assert status == 201, body
        new = json.loads(body)["attendee_token"]
        for _ in range(12):  # at once: no worker still knows the old token
            assert server.request("GET", me, headers=bearer(old))[0] == 401
            assert server.request("GET", me, headers=bearer(new))[0] == 200


def test_a_claim_from_before_claims_carried_the_hash_dies_with_a_rotation(
    app, client, event, make_attendee
):
    attendee, token = make_attendee(event)
    old_phone = app.test_client()
    with old_phone.session_transaction() as session:
        session["attendees"] = {str(event.id): attendee.id}
    proposal_id = _proposal(event, attendee)
    rotated = client.post(f"/api/v1/events/{event.slug}/me/token", headers=bearer(token))
    assert rotated.status_code == 201
    vote = f"/api/v1/events/{event.slug}/proposals/{proposal_id}/vote"
    assert old_phone.post(vote).status_code == 401
    assert _votes_of(attendee.id) == 0
    assert _me(old_phone, event.slug).status_code == 401
    assert old_phone.get(f"/events/{event.slug}/me").status_code == 302
