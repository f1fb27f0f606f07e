"""Merging from the moderation page: the organizer sees both titles, chooses the one to keep,
confirms; undo is offered while it can work and otherwise the page says why not (API too)."""

from __future__ import annotations

import pytest

from edcamp.extensions import db
from edcamp.models import Proposal, ProposalMerge
from tests.helpers import bearer
from tests.proposals.test_merging import merge, votes_on


def _page(client, event, a, b):
    return client.get(f"/events/{event.slug}/moderate/merge?a={a}&b={b}")


def test_the_merge_page_shows_both_titles_and_asks_which_to_keep(client, duplicates, login):
    event, ids, _tokens, _org = duplicates
    login(event.organizers[0])
    page = _page(client, event, ids["a"], ids["b"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Chromebooks in class" in html
    assert "Using Chromebooks" in html
    assert "Which proposal do you keep?" in html
    assert 'type="radio"' in html
    assert "checked" not in html  # nothing chosen for the organizer
    assert (votes_on(ids["a"]), votes_on(ids["b"])) == (2, 2)  # looking changes nothing


def test_confirming_without_a_choice_says_so_and_changes_nothing(client, duplicates, login):
    event, ids, _tokens, _org = duplicates
    login(event.organizers[0])
    response = client.post(
        f"/events/{event.slug}/moderate/merge", data={"a": ids["a"], "b": ids["b"]}
    )
    assert response.status_code == 422
    assert "Choose the proposal to keep." in response.get_data(as_text=True)
    assert db.session.query(ProposalMerge).count() == 0


@pytest.mark.parametrize("keep", ["a", "b"])
def test_the_chosen_proposal_is_kept_and_the_other_merged_into_it(client, duplicates, login, keep):
    event, ids, _tokens, _org = duplicates
    login(event.organizers[0])
    response = client.post(
        f"/events/{event.slug}/moderate/merge",
        data={"a": ids["a"], "b": ids["b"], "keep": keep},
        follow_redirects=True,
    )
    kept, other = (ids["a"], ids["b"]) if keep == "a" else (ids["b"], ids["a"])
    db.session.expire_all()
    assert db.session.get(Proposal, other).merged_into_id == kept
    assert db.session.get(Proposal, kept).merged_into_id is None
    assert votes_on(kept) == 3  # the union of voters
    html = response.get_data(as_text=True)
    assert "Merged: kept" in html
    assert "Undo" in html


@pytest.mark.parametrize(
    "query",
    ["a=1", "a=x&b=y", "a={a}&b={a}", "a={a}&b=999999", "a={a}&b=99999999999999999999"],
)
def test_bad_merge_choices_answer_with_a_message_never_a_500(client, duplicates, login, query):
    event, ids, _tokens, _org = duplicates
    login(event.organizers[0])
    url = f"/events/{event.slug}/moderate/merge?" + query.format(a=ids["a"])
    response = client.get(url, follow_redirects=True)
    assert response.status_code == 200
    assert "flash-error" in response.get_data(as_text=True)
    posted = client.post(
        f"/events/{event.slug}/moderate/merge",
        data={"a": "x", "b": ids["b"], "keep": "a"},
        follow_redirects=True,
    )
    assert posted.status_code == 200
    assert db.session.query(ProposalMerge).count() == 0


def test_undo_says_why_not_when_voting_is_closed(client, duplicates, login):
    event, ids, _tokens, org = duplicates
    merge_id = merge(client, event, ids["b"], ids["a"], org).get_json()["merge_id"]
    login(event.organizers[0])
    page = client.get(f"/events/{event.slug}/moderate").get_data(as_text=True)
    assert f"/moderate/merges/{merge_id}/undo" in page  # offered while it can work

    event.voting = "closed"
    db.session.commit()
    page = client.get(f"/events/{event.slug}/moderate").get_data(as_text=True)
    assert f"/moderate/merges/{merge_id}/undo" not in page
    assert "Can’t undo: Voting is closed" in page
    assert "open voting again" in page

    listed = client.get(f"/api/v1/events/{event.slug}/merges", headers=bearer(org)).get_json()
    assert listed["merges"][0]["can_undo"] is False
    assert listed["merges"][0]["undo_blocked"]["code"] == "voting_closed"
    posted = client.post(
        f"/events/{event.slug}/moderate/merges/{merge_id}/undo", follow_redirects=True
    )
    assert "Not undone: Voting is closed" in posted.get_data(as_text=True)


def test_undo_of_a_merge_whose_kept_proposal_was_merged_again_says_to_undo_that_first(
    client, duplicates
):
    event, ids, tokens, org = duplicates
    third = client.post(
        f"/api/v1/events/{event.slug}/proposals",
        json={"title": "Laptops in class"},
        headers=bearer(tokens["alex"]),
    ).get_json()["id"]
    first = merge(client, event, ids["b"], ids["a"], org).get_json()["merge_id"]
    merge(client, event, ids["a"], third, org)
    listed = client.get(f"/api/v1/events/{event.slug}/merges", headers=bearer(org)).get_json()
    blocked = {m["id"]: m for m in listed["merges"]}[first]
    assert blocked["can_undo"] is False
    assert "undo that merge first" in blocked["undo_blocked"]["message"]
    undo = client.post(f"/api/v1/events/{event.slug}/merges/{first}/undo", headers=bearer(org))
    assert undo.status_code == 409
    assert votes_on(third) == 3
