"""Fixtures of the proposal tests."""

from __future__ import annotations

import pytest

from tests.helpers import bearer


@pytest.fixture
def duplicates(make_event, make_attendee, client, organizer_token):
    """Two duplicate proposals A and B by different people, and three voters:
    one votes A only, one B only, one both."""
    event = make_event(votes_per_attendee=2)
    tokens = {}
    for name in ("alex", "bo", "only_a", "only_b", "both"):
        tokens[name] = make_attendee(event, name=name)[1]
    url = f"/api/v1/events/{event.slug}/proposals"
    a = client.post(url, json={"title": "Chromebooks in class"}, headers=bearer(tokens["alex"]))
    b = client.post(url, json={"title": "Using Chromebooks"}, headers=bearer(tokens["bo"]))
    ids = {"a": a.get_json()["id"], "b": b.get_json()["id"]}
    for voter, targets in (("only_a", "a"), ("only_b", "b"), ("both", "ab")):
        for target in targets:
            response = client.post(f"{url}/{ids[target]}/vote", headers=bearer(tokens[voter]))
            assert response.status_code == 200
    return event, ids, tokens, organizer_token(event.organizers[0])
