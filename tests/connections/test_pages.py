"""The connection pages through the test client: asking, answering, blocking, errors."""

from __future__ import annotations

import re

from edcamp.extensions import db
from edcamp.models import Connection, ConnectionBlock
from tests.contacts.test_attendee_pages import as_attendee


def ask_page(people, person) -> str:
    return f"/events/{people.slug}/people/{person.id}/connect"


def share_boxes(html: str) -> dict[str, bool]:
    """The share checkboxes of a form: value -> ticked."""
    boxes = re.findall(r'<input[^>]*name="share"[^>]*>', html)
    return {re.search(r'value="([^"]+)"', box).group(1): " checked" in box for box in boxes}


def test_the_ask_form_offers_what_one_has_filled_in_all_ticked(client, people):
    as_attendee(client, people.bob.attendee)

    response = client.get(ask_page(people, people.dana))

    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Connect with Dana Partner" in text
    assert "Shared weather station data" in text  # her partner-class idea
    assert share_boxes(text) == {"email": True, "about": True, "bluesky": True, "website": True}


def test_asking_through_the_form_stores_the_choice_and_shows_it_sent(client, people):
    as_attendee(client, people.bob.attendee)

    response = client.post(
        ask_page(people, people.dana),
        data={"kind": "collaborate", "message": "Weather data together?", "share": ["email"]},
    )

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/me/connections#sent")
    connection = db.session.query(Connection).one()
    assert (connection.kind, connection.from_shares) == ("collaborate", ["email"])
    page = client.get(f"/events/{people.slug}/me/connections").get_data(as_text=True)
    assert "Request sent to Dana Partner" in page
    assert "waiting for an answer" in page


def test_form_errors_are_shown_next_to_the_field(client, people):
    as_attendee(client, people.bob.attendee)

    long_message = client.post(
        ask_page(people, people.dana), data={"kind": "stay_in_touch", "message": "x" * 501}
    )
    bad_kind = client.post(ask_page(people, people.dana), data={"kind": "marry"})
    bad_share = client.post(
        ask_page(people, people.dana), data={"kind": "stay_in_touch", "share": ["password"]}
    )

    assert long_message.status_code == 422
    assert "500 characters" in long_message.get_data(as_text=True)
    assert bad_kind.status_code == 422
    assert "Not a valid choice" in bad_kind.get_data(as_text=True)
    assert bad_share.status_code == 422
    assert db.session.query(Connection).count() == 0


def test_a_second_submit_says_already_asked(client, people):
    as_attendee(client, people.bob.attendee)
    data = {"kind": "stay_in_touch"}
    client.post(ask_page(people, people.dana), data=data)

    again = client.post(ask_page(people, people.dana), data=data)

    assert again.status_code == 409  # the page now says where things stand
    assert "You asked Dana Partner already" in again.get_data(as_text=True)
    assert db.session.query(Connection).count() == 1


def test_a_hidden_person_has_no_ask_page(client, people):
    as_attendee(client, people.bob.attendee)

    response = client.get(ask_page(people, people.quinn))

    assert response.status_code == 404
    assert "Quinn" not in response.get_data(as_text=True)


def test_answering_on_the_connections_page(client, people):
    as_attendee(client, people.bob.attendee)
    client.post(
        ask_page(people, people.dana),
        data={"kind": "stay_in_touch", "message": "<b>Hi</b>", "share": ["email", "bluesky"]},
    )
    connection = db.session.query(Connection).one()
    as_attendee(client, people.dana.attendee)

    page = client.get(f"/events/{people.slug}/me/connections").get_data(as_text=True)
    assert "Requests for you (1)" in page
    assert "&lt;b&gt;Hi&lt;/b&gt;" in page  # the message is text, never markup
    response = client.post(
        f"/events/{people.slug}/me/connections/{connection.id}/accept", data={"share": ["mastodon"]}
    )

    assert response.status_code == 302
    page = client.get(f"/events/{people.slug}/me/connections").get_data(as_text=True)
    assert "You are connected" in page
    assert "bob.private@school.test" in page  # what Bob chose
    assert "https://bsky.app/profile/bob-private.bsky.social" in page
    assert "bob-private.example" not in page  # his website: not chosen
    assert "You share with them: Mastodon." in page
    as_attendee(client, people.bob.attendee)
    page = client.get(f"/events/{people.slug}/me/connections").get_data(as_text=True)
    assert "https://hachyderm.io/@dana" in page
    assert "dana.partner@school.test" not in page  # she chose Mastodon only


def test_a_bad_share_choice_on_accept_is_a_message_not_a_500(client, people):
    as_attendee(client, people.bob.attendee)
    client.post(ask_page(people, people.dana), data={"kind": "stay_in_touch"})
    connection = db.session.query(Connection).one()
    as_attendee(client, people.dana.attendee)

    response = client.post(
        f"/events/{people.slug}/me/connections/{connection.id}/accept",
        data={"share": ["password"]},
        follow_redirects=True,
    )

    assert response.status_code == 200
    assert "Unknown detail to share" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Connection, connection.id).status == "pending"


def test_ignore_and_block_from_the_page(client, people):
    as_attendee(client, people.bob.attendee)
    client.post(ask_page(people, people.dana), data={"kind": "stay_in_touch"})
    connection = db.session.query(Connection).one()
    as_attendee(client, people.dana.attendee)

    client.post(f"/events/{people.slug}/me/connections/{connection.id}/ignore")
    db.session.expire_all()
    assert db.session.get(Connection, connection.id).status == "ignored"
    response = client.post(f"/events/{people.slug}/people/{people.bob.id}/block")

    assert response.status_code == 302
    assert db.session.get(ConnectionBlock, (people.dana.id, people.bob.id)) is not None
    page = client.get(f"/events/{people.slug}/me/connections").get_data(as_text=True)
    assert "Blocked" in page
    assert "Bob Private" in page
    client.post(f"/events/{people.slug}/people/{people.bob.id}/unblock")
    assert db.session.get(ConnectionBlock, (people.dana.id, people.bob.id)) is None


def test_someone_elses_request_cannot_be_answered(client, people):
    as_attendee(client, people.bob.attendee)
    client.post(ask_page(people, people.dana), data={"kind": "stay_in_touch"})
    connection = db.session.query(Connection).one()
    as_attendee(client, people.ann.attendee)

    for act in ("accept", "ignore", "withdraw"):
        response = client.post(f"/events/{people.slug}/me/connections/{connection.id}/{act}")
        assert response.status_code == 404, act
    as_attendee(client, people.bob.attendee)
    assert (
        client.post(f"/events/{people.slug}/me/connections/{connection.id}/accept").status_code
        == 403
    )


def test_person_cards_offer_to_connect(client, people):
    from edcamp.models import CheckIn
    from tests.contacts.conftest import propose, publish

    session = propose(people.event, people.ann.attendee, "Makerspaces")
    publish(people.event, [(session, 0, 0)])
    db.session.add(CheckIn(attendee_id=people.dana.id, proposal_id=session.id))
    db.session.commit()
    as_attendee(client, people.dana.attendee)

    page = client.get(f"/events/{people.slug}/me/connect").get_data(as_text=True)

    assert f'href="/events/{people.slug}/people/{people.ann.id}/connect"' in page
    assert 'Ask to connect<span class="visually-hidden"> with Ann Listed' in page
    assert "Partner classes" in page
    assert "You are looking for a partner class" in page
    assert f"/people/{people.dana.id}/connect" not in page  # never oneself
    client.post(ask_page(people, people.ann), data={"kind": "stay_in_touch"})
    page = client.get(f"/events/{people.slug}/me/follow-up").get_data(as_text=True)
    assert 'Request sent<span class="visually-hidden"> to Ann Listed' in page


def test_waiting_requests_are_announced_on_home_and_follow_up(client, people):
    as_attendee(client, people.bob.attendee)
    client.post(ask_page(people, people.dana), data={"kind": "stay_in_touch"})
    as_attendee(client, people.ann.attendee)
    client.post(ask_page(people, people.dana), data={"kind": "collaborate"})
    as_attendee(client, people.dana.attendee)

    home = client.get(f"/events/{people.slug}").get_data(as_text=True)
    follow_up = client.get(f"/events/{people.slug}/me/follow-up").get_data(as_text=True)

    assert "2 people asked to connect with you." in home
    assert f'href="/events/{people.slug}/me/connections#requests"' in home
    assert "My connections (2 waiting)" in follow_up
    as_attendee(client, people.bob.attendee)  # the askers see nothing of it
    assert "asked to connect" not in client.get(f"/events/{people.slug}").get_data(as_text=True)


def test_changing_what_one_shares_on_the_page(client, people):
    as_attendee(client, people.bob.attendee)
    client.post(ask_page(people, people.dana), data={"kind": "stay_in_touch", "share": ["email"]})
    connection = db.session.query(Connection).one()
    as_attendee(client, people.dana.attendee)
    client.post(
        f"/events/{people.slug}/me/connections/{connection.id}/accept",
        data={"share": ["email", "mastodon"]},
    )

    response = client.post(
        f"/events/{people.slug}/me/connections/{connection.id}/share", data={"share": ["mastodon"]}
    )

    assert response.status_code == 302
    page = client.get(f"/events/{people.slug}/me/connections").get_data(as_text=True)
    assert "You share with them: Mastodon." in page
    as_attendee(client, people.bob.attendee)
    page = client.get(f"/events/{people.slug}/me/connections").get_data(as_text=True)
    assert "dana.partner@school.test" not in page
    assert "https://hachyderm.io/@dana" in page
