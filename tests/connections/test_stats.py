"""The report's numbers: connections made, per kind; never who."""

from __future__ import annotations

from edcamp.connections.stats import (
    connections_by_kind,
    connections_made,
    partner_listings,
    requests_made,
)
from tests.helpers import bearer


def test_counts_only_accepted_connections_that_still_stand(client, people):
    def ask(member, to, kind="stay_in_touch"):
        return client.post(
            f"/api/v1/events/{people.slug}/connections",
            json={"to": to.id, "kind": kind},
            headers=bearer(member.token),
        ).get_json()["id"]

    def accept(member, connection_id):
        client.post(
            f"/api/v1/events/{people.slug}/connections/{connection_id}/accept",
            headers=bearer(member.token),
        )

    accept(people.dana, ask(people.bob, people.dana))
    accept(people.ann, ask(people.dana, people.ann, "collaborate"))
    withdrawn = ask(people.bob, people.ann)
    accept(people.ann, withdrawn)
    ask(people.quinn, people.ann)  # waiting: not made

    client.delete(
        f"/api/v1/events/{people.slug}/connections/{withdrawn}", headers=bearer(people.bob.token)
    )

    assert connections_made(people.event) == 2
    assert connections_by_kind(people.event) == {"stay_in_touch": 1, "collaborate": 1}
    assert requests_made(people.event) == 4
    assert partner_listings(people.event) == 1


def test_an_event_without_connections_counts_zero(people):
    assert connections_made(people.event) == 0
    assert connections_by_kind(people.event) == {"stay_in_touch": 0, "collaborate": 0}


def test_the_request_throttle_comes_from_the_environment(tmp_path, monkeypatch):
    from edcamp.config import load

    assert load(tmp_path)["CONNECTION_REQUESTS_PER_HOUR"] == 10
    monkeypatch.setenv("CONNECTION_REQUESTS_PER_HOUR", "25")
    assert load(tmp_path)["CONNECTION_REQUESTS_PER_HOUR"] == 25
