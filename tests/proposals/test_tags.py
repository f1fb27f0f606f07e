"""Tags as people read them: markup typed into a tag is stripped, not kept as text."""

from __future__ import annotations

import pytest

from edcamp.proposals.service import clean_tags


@pytest.mark.parametrize(
    ("typed", "tags"),
    [
        ("#<i>tag</i>, Math", ["tag", "math"]),
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
    assert response.get_json()["tags"] == ["poetry", "drama"]
