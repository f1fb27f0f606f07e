"""Tags as people read them: as typed ("iPad" stays "iPad"), one tag whatever the case, and
markup typed into a tag is stripped, not kept as text."""

from __future__ import annotations

import re

import pytest

from edcamp.proposals.service import clean_tags


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("#<i>tag</i>, Math", ["tag", "Math"]),
        ("iPad, IPAD, ipad, Middle   School", ["iPad", "Middle School"]),
        ("<script>alert(1)</script>stem", ["alert(1)stem"]),
        ("<b>, #, <br>", []),
        ("a <b", ["a"]),
        ("k-5, K-5", ["k-5"]),
    ],
)
def test_markup_in_tags_is_stripped(typed, tags):
    assert clean_tags(typed) == tags


def test_tag_with_markup_is_stored_clean_through_the_api(client, make_event, make_attendee):
    event = make_event()
    _, token = make_attendee(event, "Tess")
    response = client.post(
        f"/api/v1/events/{event.slug}/proposals",
        json={"title": "Tagged", "tags": ["#<i>poetry</i>", "Drama"]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["tags"] == ["poetry", "Drama"]


def test_the_phone_shows_tags_as_typed_once_whatever_the_case(
    client, make_event, make_attendee, join_as
):
    event = make_event()
    _, token = make_attendee(event, "Tess")
    url = f"/api/v1/events/{event.slug}/proposals"
    auth = {"Authorization": f"Bearer {token}"}
    client.post(url, json={"title": "Tablets", "tags": ["iPad", "Middle School"]}, headers=auth)
    client.post(url, json={"title": "Apps", "tags": ["ipad", "art"]}, headers=auth)
    join_as(event, name="Reader")

    html = client.get(f"/events/{event.slug}/vote").get_data(as_text=True)

    chips = re.findall(r'class="chip" data-tag="([^"]*)"', html)
    assert chips == ["art", "iPad", "Middle School"]
    assert "#iPad" in html
    assert "#ipad" in html
    assert 'data-tags="iPad\tMiddle School"' in html
