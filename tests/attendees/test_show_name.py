"""show_name: asked when joining, on the profile and again when proposing or co-leading."""

from __future__ import annotations

import re

from edcamp.attendees.public import SHOW_NAME_LABEL
from edcamp.extensions import db
from edcamp.models import Attendee
from tests.helpers import bearer, propose

LABEL = "Show my name on sessions I lead, on the public schedule"


def checkbox(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match is not None, f"no {name} checkbox"
    return match.group(0)


def test_the_join_form_asks_plainly_and_leaves_it_unticked(client, make_event):
    event = make_event()

    html = client.get(f"/events/{event.slug}/join?code={event.join_code}").get_data(as_text=True)

    assert SHOW_NAME_LABEL == LABEL
    assert LABEL in html
    assert "checked" not in checkbox(html, "show_name")


def test_joining_without_ticking_keeps_the_name_off_public_outputs(client, make_event, join_as):
    event = make_event()

    join_as(event, name="Pat Private")

    attendee = db.session.query(Attendee).one()
    assert attendee.show_name is False


def test_join_api_defaults_to_false_and_takes_true(client, make_event):
    event = make_event()
    url = f"/api/v1/events/{event.slug}/join"

    quiet = client.post(url, json={"join_code": event.join_code, "name": "A Quiet"}).get_json()
    named = client.post(
        url, json={"join_code": event.join_code, "name": "B Named", "show_name": True}
    ).get_json()

    me = f"/api/v1/events/{event.slug}/me"
    assert client.get(me, headers=bearer(quiet["attendee_token"])).get_json()["show_name"] is False
    assert client.get(me, headers=bearer(named["attendee_token"])).get_json()["show_name"] is True


def test_profile_page_saves_show_name(client, make_event, join_as):
    event = make_event()
    join_as(event, name="Pat Teacher")

    client.post(f"/events/{event.slug}/me", data={"name": "Pat Teacher", "show_name": "y"})

    assert db.session.query(Attendee).one().show_name is True
    html = client.get(f"/events/{event.slug}/me").get_data(as_text=True)
    assert "checked" in checkbox(html, "show_name")


def test_proposing_asks_again(client, make_event, join_as):
    event = make_event()
    join_as(event, name="Pat Teacher")
    phone = client.get(f"/events/{event.slug}/vote").get_data(as_text=True)
    assert LABEL in phone

    client.post(
        f"/events/{event.slug}/propose",
        data={"title": "Maker space", "facilitating": "yes", "show_name": "y"},
    )

    assert db.session.query(Attendee).one().show_name is True


def test_co_facilitating_asks_again_and_an_unticked_box_withdraws_consent(
    client, make_event, make_attendee, join_as
):
    event = make_event()
    host, token = make_attendee(event)
    [proposal_id] = propose(client, event, token, "Robotics")
    join_as(event, name="Pat Teacher", show_name="y")
    pat = db.session.query(Attendee).filter_by(name="Pat Teacher").one()
    assert pat.show_name is True

    client.post(
        f"/events/{event.slug}/proposals/{proposal_id}/facilitate", data={"show_name_asked": "1"}
    )

    db.session.expire_all()
    assert db.session.get(Attendee, pat.id).show_name is False


def test_the_api_asks_again_when_proposing_and_offering(client, make_event, make_attendee):
    event = make_event()
    host, token = make_attendee(event)
    url = f"/api/v1/events/{event.slug}/proposals"

    created = client.post(url, json={"title": "Podcasts", "show_name": True}, headers=bearer(token))

    assert created.get_json()["facilitators"] == [host.name]
    _other, other_token = make_attendee(event)
    offer = client.post(
        f"{url}/{created.get_json()['id']}/facilitators",
        json={"show_name": False},
        headers=bearer(other_token),
    )
    assert offer.get_json()["facilitators"] == [host.name, "a participant"]
