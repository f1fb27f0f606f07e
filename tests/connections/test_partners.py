""" "Looking for a partner class": validation, the ranking with its reasons, the pages."""

from __future__ import annotations

import pytest

from edcamp.connections.partners import Wanted, rank
from edcamp.extensions import db
from edcamp.models import PartnerListing
from tests.contacts.test_attendee_pages import as_attendee
from tests.helpers import bearer, error_code


def wanted(attendee_id, subject, grades, name=None):
    return Wanted(attendee_id, name or f"P{attendee_id}", subject, tuple(grades), "An idea")


def test_rank_puts_same_subject_and_grades_first_and_says_why():
    listings = [
        wanted(1, "Art", ["K-2"]),
        wanted(2, "science", ["9-12"]),
        wanted(3, "Science", ["6-8", "9-12"]),
        wanted(4, "History", ["6-8"]),
    ]

    ranked = rank(listings, subjects=["Science"], grade_levels=["6-8"])

    assert [m.listing.attendee_id for m in ranked] == [3, 2, 4, 1]
    assert ranked[0].reason == "Same subject: Science · grade levels 6-8 like you"
    assert ranked[1].reason == "Same subject: science"
    assert ranked[2].reason == "Grade levels 6-8 like you"
    assert ranked[3].reason == ""
    assert ranked[3].score == 0


def test_rank_without_anything_of_mine_keeps_the_order():
    listings = [wanted(5, "Art", ["K-2"]), wanted(6, "Math", ["3-5"])]

    ranked = rank(listings, subjects=[], grade_levels=[])

    assert [m.listing.attendee_id for m in ranked] == [5, 6]
    assert all(m.score == 0 for m in ranked)


def put(client, people, member, **body):
    return client.put(
        f"/api/v1/events/{people.slug}/me/partner-class", json=body, headers=bearer(member.token)
    )


def test_listing_through_the_api_and_matching_colleagues_first(client, people, make_attendee):
    make_attendee(people.event, "Eve Elsewhere", share_contact=True)
    response = put(
        client, people, people.bob, subject="History", grade_levels=["9-12"], idea="Oral history"
    )
    assert response.status_code == 200
    assert response.get_json() == {
        "subject": "History",
        "grade_levels": ["9-12"],
        "idea": "Oral history",
    }

    # Ann teaches Science 6-8 (her profile): Dana (Science, 6-8) first, with the reason.
    answer = client.get(
        f"/api/v1/events/{people.slug}/partner-classes", headers=bearer(people.ann.token)
    ).get_json()

    assert answer["mine"] is None
    assert [item["name"] for item in answer["listings"]] == ["Dana Partner", "Bob Private"]
    first, second = answer["listings"]
    assert first["matches"] is True
    assert first["reason"] == "Same subject: Science · grade levels 6-8 like you"
    assert second["matches"] is False
    assert second["reason"] is None
    # Only name, subject, grades and idea: no contact detail of anyone listed.
    assert set(first) == {
        "attendee_id",
        "name",
        "subject",
        "grade_levels",
        "idea",
        "matches",
        "reason",
    }
    text = str(answer)
    assert "bob.private" not in text
    assert "dana.partner" not in text
    assert "Eve Elsewhere" not in text  # no listing, not listed


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"grade_levels": ["6-8"], "idea": "x"}, "subject"),
        ({"subject": "", "grade_levels": ["6-8"], "idea": "x"}, "subject"),
        ({"subject": "S" * 41, "grade_levels": ["6-8"], "idea": "x"}, "subject"),
        ({"subject": "Art", "idea": "x"}, "grade_levels"),
        ({"subject": "Art", "grade_levels": [], "idea": "x"}, "grade_levels"),
        ({"subject": "Art", "grade_levels": ["Grade 13"], "idea": "x"}, "grade_levels"),
        ({"subject": "Art", "grade_levels": "6-8", "idea": "x"}, "grade_levels"),
        ({"subject": "Art", "grade_levels": ["6-8"]}, "idea"),
        ({"subject": "Art", "grade_levels": ["6-8"], "idea": "i" * 201}, "idea"),
        ({"subject": 7, "grade_levels": ["6-8"], "idea": "x"}, "subject"),
        ({"subject": "Art", "grade_levels": ["6-8"], "idea": "x", "email": "a@b"}, "email"),
    ],
)
def test_bad_listings_are_refused_with_the_field_named(client, people, body, field):
    response = put(client, people, people.bob, **body)

    assert response.status_code == 422
    assert error_code(response) == "invalid"
    assert response.get_json()["error"]["field"] == field
    assert db.session.get(PartnerListing, people.bob.id) is None


def test_removing_the_listing_hides_it_and_the_person(client, people):
    response = client.delete(
        f"/api/v1/events/{people.slug}/me/partner-class", headers=bearer(people.dana.token)
    )

    assert response.status_code == 204
    listings = client.get(
        f"/api/v1/events/{people.slug}/partner-classes", headers=bearer(people.ann.token)
    ).get_json()["listings"]
    assert listings == []
    # Not listed any more, not in the contact lists: Dana cannot be found to be asked.
    asked = client.post(
        f"/api/v1/events/{people.slug}/connections",
        json={"to": people.dana.id},
        headers=bearer(people.ann.token),
    )
    assert asked.status_code == 404


def test_the_partner_class_page_validates_and_lists(client, people):
    as_attendee(client, people.ann.attendee)
    path = f"/events/{people.slug}/me/partner-class"

    empty = client.post(path, data={"subject": "", "idea": ""})
    no_grades = client.post(path, data={"subject": "Science", "idea": "Data swap"})
    saved = client.post(
        path, data={"subject": "Science", "grade_levels": ["6-8"], "idea": "Data swap"}
    )

    assert empty.status_code == 422
    assert "This field is required." in empty.get_data(as_text=True)
    assert no_grades.status_code == 422
    assert "Choose at least one grade level." in no_grades.get_data(as_text=True)
    assert saved.status_code == 302
    assert saved.headers["Location"].endswith("/me/connect#partner-classes")
    page = client.get(f"/events/{people.slug}/me/connect").get_data(as_text=True)
    assert "You are looking for a partner class: <strong>Science</strong>, 6-8." in page
    assert "Matching colleagues" in page
    assert "Same subject: Science · grade levels 6-8 like you" in page
    assert "Ask Dana Partner to collaborate" in page
    assert f"/people/{people.dana.id}/connect?kind=collaborate" in page


def test_a_blocked_persons_listing_is_hidden_both_ways(client, people):
    client.post(
        f"/api/v1/events/{people.slug}/connections",
        json={"to": people.dana.id},
        headers=bearer(people.bob.token),
    )
    client.post(
        f"/api/v1/events/{people.slug}/me/blocks",
        json={"attendee_id": people.bob.id},
        headers=bearer(people.dana.token),
    )

    listings = client.get(
        f"/api/v1/events/{people.slug}/partner-classes", headers=bearer(people.bob.token)
    ).get_json()["listings"]

    assert listings == []
