"""show_name on the phone: asked once, when someone first proposes or offers to lead, instead
of a checkbox on every vote card. The answer is never changed by a form that did not ask."""

from __future__ import annotations

import re

import pytest

from edcamp.attendees.public import SHOW_NAME_LABEL
from edcamp.extensions import db
from edcamp.models import Attendee, Proposal
from tests.helpers import propose


@pytest.fixture
def board(make_event, make_attendee):
    event = make_event()
    _host, token = make_attendee(event, "Hana Host")
    return event, token


def pat(client) -> Attendee:
    db.session.expire_all()
    return db.session.query(Attendee).filter_by(name="Pat Teacher").one()


def name_boxes(html: str) -> list[str]:
    return re.findall(r'<input[^>]*name="show_name"[^>]*>', html)


def test_vote_cards_carry_no_name_checkbox_only_the_propose_form_asks(client, board, join_as):
    event, token = board
    propose(client, event, token, "Robotics", "Podcasts", "Maker space")
    join_as(event)

    html = client.get(f"/events/{event.slug}/vote").get_data(as_text=True)

    assert html.count("I can co-facilitate") == 3
    assert len(name_boxes(html)) == 1  # the propose form's, asked before the first proposal
    assert html.count(str(SHOW_NAME_LABEL)) == 1


def test_the_first_offer_asks_once_and_changes_nothing_until_answered(client, board, join_as):
    event, token = board
    robotics, podcasts = propose(client, event, token, "Robotics", "Podcasts")
    join_as(event, show_name="y")  # ticked when joining: the question comes pre-ticked

    asked = client.post(f"/events/{event.slug}/proposals/{robotics}/facilitate")

    assert asked.status_code == 200
    page = asked.get_data(as_text=True)
    assert str(SHOW_NAME_LABEL) in page
    assert "Robotics" in page
    assert "checked" in name_boxes(page)[0]
    assert len(db.session.get(Proposal, robotics).facilitators) == 1  # nothing done yet

    # answered: unticked, so the schedule will say "a participant"
    done = client.post(
        f"/events/{event.slug}/proposals/{robotics}/facilitate", data={"show_name_asked": "1"}
    )
    assert done.status_code == 302
    assert pat(client).show_name is False
    db.session.expire_all()
    assert len(db.session.get(Proposal, robotics).facilitators) == 2

    # asked once: the next offer goes straight through and keeps the answer
    again = client.post(f"/events/{event.slug}/proposals/{podcasts}/facilitate")
    assert again.status_code == 302
    db.session.expire_all()
    assert len(db.session.get(Proposal, podcasts).facilitators) == 2
    assert pat(client).show_name is False


def test_after_the_first_proposal_the_phone_says_the_answer_instead_of_asking(
    client, board, join_as
):
    event, _token = board
    join_as(event)
    client.post(
        f"/events/{event.slug}/propose",
        data={
            "title": "Escape rooms",
            "facilitating": "yes",
            "show_name_asked": "1",
            "show_name": "y",
        },
    )
    assert pat(client).show_name is True

    html = client.get(f"/events/{event.slug}/vote").get_data(as_text=True)
    assert name_boxes(html) == []
    assert "Your name shows on the sessions you lead." in html
    assert f'href="/events/{event.slug}/me"' in html

    # a second proposal from that form does not withdraw the consent given
    client.post(
        f"/events/{event.slug}/propose", data={"title": "Chess club", "facilitating": "yes"}
    )
    assert pat(client).show_name is True
    assert db.session.query(Proposal).filter_by(title="Chess club").count() == 1


def test_an_unticked_first_proposal_keeps_the_name_off(client, board, join_as):
    event, _token = board
    join_as(event, show_name="y")
    client.post(
        f"/events/{event.slug}/propose",
        data={"title": "Escape rooms", "facilitating": "yes", "show_name_asked": "1"},
    )

    assert pat(client).show_name is False
    html = client.get(f"/events/{event.slug}/vote").get_data(as_text=True)
    assert "Sessions you lead show “a participant”, not your name." in html
