"""Every public output, rendered: no name, email or id of someone who did not consent or
who erased themselves (issue 12, "Privacy on public outputs" in the contract)."""

from __future__ import annotations

import pytest

from edcamp.extensions import db
from tests.helpers import TEST_PASSWORD, bearer

from .people import STREAMS, Sweep, build_sweep, leaks, public_paths


@pytest.fixture
def sweep(make_event) -> Sweep:
    return build_sweep(make_event)


def first_message(client, path: str) -> str:
    """The first server-sent event of a stream (its current state)."""
    response = client.get(path, buffered=False)
    assert response.status_code == 200
    try:
        chunks = []
        for chunk in response.response:
            chunks.append(chunk.decode() if isinstance(chunk, bytes) else chunk)
            if "data:" in "".join(chunks):
                return "".join(chunks)
    finally:
        response.close()
    raise AssertionError(f"{path} sent nothing")


def render_everything(client, sweep: Sweep) -> dict[str, str]:
    bodies = {}
    for path in public_paths(sweep):
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        bodies[path] = response.get_data(as_text=True)
    for template in STREAMS:
        path = template.format(slug=sweep.slug)
        bodies[path] = first_message(client, path)
    return bodies


def assert_nothing_of(bodies: dict[str, str], people) -> None:
    found = {path: hits for path, body in bodies.items() if (hits := leaks(body, people))}
    assert found == {}


def test_a_name_without_consent_appears_in_no_public_output(client, sweep):
    bodies = render_everything(client, sweep)

    assert_nothing_of(bodies, [sweep.people["quinn"]])
    quiet_session = bodies[f"/events/sweep/sessions/{sweep.session_ids[0]}"]
    assert "a participant" in quiet_session
    # Consent works the other way too: a named facilitator is shown.
    assert "Nadia Namesake" in bodies[f"/events/sweep/sessions/{sweep.session_ids[1]}"]
    assert "Nadia Namesake" in bodies["/events/sweep/schedule.ics"]
    assert "Nadia Namesake" in bodies["/events/sweep/schedule.json"]


def test_no_attendee_id_in_public_outputs_even_of_named_people(client, sweep):
    bodies = render_everything(client, sweep)

    named = [sweep.people["nadia"], sweep.people["leo"]]
    found = {
        path: [hit for hit in leaks(body, named) if "id" in hit or "key" in hit]
        for path, body in bodies.items()
    }
    assert {path: hits for path, hits in found.items() if hits} == {}


def test_ticking_show_name_later_reaches_the_cached_outputs(client, sweep):
    render_everything(client, sweep)  # fill every cache first
    quinn = sweep.people["quinn"]

    response = client.patch(
        "/api/v1/events/sweep/me", json={"show_name": True}, headers=bearer(quinn.token)
    )

    assert response.status_code == 200
    assert response.get_json()["show_name"] is True
    bodies = render_everything(client, sweep)
    assert "Quinn Quietly" in bodies["/events/sweep/schedule.ics"]
    assert "Quinn Quietly" in bodies[f"/events/sweep/sessions/{sweep.session_ids[0]}"]


def test_self_delete_leaves_every_cached_output_at_once(client, sweep):
    render_everything(client, sweep)
    erin = sweep.people["erin"]

    response = client.delete("/api/v1/events/sweep/me", headers=bearer(erin.token))

    assert response.status_code == 204
    assert_nothing_of(render_everything(client, sweep), [erin])


def test_leaving_a_session_as_facilitator_leaves_every_cached_output(client, sweep):
    render_everything(client, sweep)
    leo = sweep.people["leo"]
    named_session = sweep.session_ids[1]

    response = client.delete(
        f"/api/v1/events/sweep/proposals/{named_session}/facilitators", headers=bearer(leo.token)
    )

    assert response.status_code == 200
    assert_nothing_of(render_everything(client, sweep), [leo])


def test_an_organizers_purge_leaves_every_cached_output(client, app, sweep):
    render_everything(client, sweep)
    organizer = sweep.event.organizers[0]
    client.post("/login", data={"email": organizer.email, "password": TEST_PASSWORD})

    response = client.post("/events/sweep/purge", data={"confirm": "sweep"})

    assert response.status_code in (200, 302)
    client.post("/logout")
    assert_nothing_of(render_everything(client, sweep), list(sweep.people.values()))


def test_self_delete_drops_the_proposer_link(client, sweep):
    from edcamp.models import Proposal

    erin = sweep.people["erin"]
    client.delete("/api/v1/events/sweep/me", headers=bearer(erin.token))

    db.session.expire_all()
    assert db.session.get(Proposal, sweep.session_ids[2]).proposer_id is None
