"""Merging duplicates: union of votes, spare votes back, facilitators kept, undo."""

from __future__ import annotations

import pytest

from edcamp.extensions import db
from edcamp.models import Proposal, Vote
from tests.helpers import bearer, error_code


def merge(client, event, source, into, token):
    return client.post(
        f"/api/v1/events/{event.slug}/proposals/{source}/merge",
        json={"into": into},
        headers=bearer(token),
    )


def votes_on(proposal_id):
    return db.session.query(Vote).filter_by(proposal_id=proposal_id).count()


def test_merge_moves_votes_as_a_union_and_returns_the_spare_vote(client, duplicates):
    event, ids, tokens, org = duplicates
    response = merge(client, event, ids["b"], ids["a"], org)
    assert response.status_code == 200
    assert response.get_json()["target"]["votes"] == 3
    assert response.get_json()["source"]["hidden"] is True
    assert votes_on(ids["a"]) == 3
    assert votes_on(ids["b"]) == 0
    mine = client.get(f"/api/v1/events/{event.slug}/votes", headers=bearer(tokens["both"]))
    assert mine.get_json() == {"votes_left": 1, "my_votes": [ids["a"]]}


def test_merge_keeps_every_facilitator(client, duplicates):
    event, ids, _tokens, org = duplicates
    merge(client, event, ids["b"], ids["a"], org)
    target = db.session.get(Proposal, ids["a"])
    assert sorted(f.attendee.name for f in target.facilitators) == ["alex", "bo"]


def test_merged_proposal_leaves_the_board_and_takes_no_votes(client, duplicates):
    event, ids, tokens, org = duplicates
    merge(client, event, ids["b"], ids["a"], org)
    board = client.get(f"/api/v1/events/{event.slug}/board").get_json()
    assert [p["id"] for p in board["proposals"]] == [ids["a"]]
    vote = client.post(
        f"/api/v1/events/{event.slug}/proposals/{ids['b']}/vote", headers=bearer(tokens["alex"])
    )
    assert vote.status_code == 404


def test_undo_restores_votes_and_facilitators(client, duplicates):
    event, ids, tokens, org = duplicates
    merge_id = merge(client, event, ids["b"], ids["a"], org).get_json()["merge_id"]
    undo = client.post(f"/api/v1/events/{event.slug}/merges/{merge_id}/undo", headers=bearer(org))
    assert undo.status_code == 200
    assert undo.get_json()["hidden"] is False
    assert votes_on(ids["a"]) == 2
    assert votes_on(ids["b"]) == 2
    target = db.session.get(Proposal, ids["a"])
    assert [f.attendee.name for f in target.facilitators] == ["alex"]
    mine = client.get(f"/api/v1/events/{event.slug}/votes", headers=bearer(tokens["both"]))
    assert mine.get_json()["votes_left"] == 0
    again = client.post(f"/api/v1/events/{event.slug}/merges/{merge_id}/undo", headers=bearer(org))
    assert error_code(again) == "merge_undone"


def test_undo_never_takes_anyone_over_the_limit(client, duplicates, make_attendee):
    event, ids, tokens, org = duplicates
    merge_id = merge(client, event, ids["b"], ids["a"], org).get_json()["merge_id"]
    other = client.post(
        f"/api/v1/events/{event.slug}/proposals",
        json={"title": "Other"},
        headers=bearer(tokens["alex"]),
    ).get_json()["id"]
    spent = client.post(
        f"/api/v1/events/{event.slug}/proposals/{other}/vote", headers=bearer(tokens["both"])
    )
    assert spent.get_json()["votes_left"] == 0
    client.post(f"/api/v1/events/{event.slug}/merges/{merge_id}/undo", headers=bearer(org))
    per_attendee = db.session.query(Vote.attendee_id, db.func.count()).group_by(Vote.attendee_id)
    assert max(count for _attendee, count in per_attendee) == 2
    assert votes_on(ids["b"]) == 1  # only_b's vote came back; "both" had no ballot left


def test_undo_only_while_voting_is_open(client, duplicates):
    event, ids, _tokens, org = duplicates
    merge_id = merge(client, event, ids["b"], ids["a"], org).get_json()["merge_id"]
    event.voting = "closed"
    db.session.commit()
    undo = client.post(f"/api/v1/events/{event.slug}/merges/{merge_id}/undo", headers=bearer(org))
    assert undo.status_code == 409
    assert error_code(undo) == "voting_closed"


@pytest.mark.parametrize("case", ["self", "unknown", "already", "attendee", "anonymous", "body"])
def test_bad_merges_are_refused_without_changes(client, duplicates, case):
    event, ids, tokens, org = duplicates
    if case == "already":
        merge(client, event, ids["b"], ids["a"], org)
    source, into, token, expected = {
        "self": (ids["a"], ids["a"], org, 422),
        "unknown": (ids["a"], 999_999, org, 404),
        "already": (ids["b"], ids["a"], org, 409),
        "attendee": (ids["b"], ids["a"], tokens["alex"], 401),
        "anonymous": (ids["b"], ids["a"], None, 401),
        "body": (ids["b"], "x", org, 422),
    }[case]
    headers = bearer(token) if token else {}
    response = client.post(
        f"/api/v1/events/{event.slug}/proposals/{source}/merge",
        json={"into": into},
        headers=headers,
    )
    assert response.status_code == expected, response.get_json()
    expected_votes = (3, 0) if case == "already" else (2, 2)
    assert (votes_on(ids["a"]), votes_on(ids["b"])) == expected_votes


def test_duplicate_suggestions_for_organizers(client, duplicates):
    event, ids, tokens, org = duplicates
    url = f"/api/v1/events/{event.slug}/proposals/duplicates"
    pairs = client.get(url, headers=bearer(org)).get_json()["pairs"]
    assert pairs[0]["ids"] == sorted([ids["a"], ids["b"]])
    assert client.get(url, headers=bearer(tokens["alex"])).status_code == 401
