"""The phone page (works without script too), the projector and the moderation page."""

from __future__ import annotations

import pytest

from edcamp.attendees.public import SHOW_NAME_LABEL
from edcamp.extensions import db
from edcamp.models import Proposal, Vote


@pytest.fixture
def phone_event(make_event, make_attendee, client, join_as):
    event = make_event(votes_per_attendee=1)
    proposer, _token = make_attendee(event)
    for title in ("Genius hour", "<script>alert(1)</script>"):
        from edcamp.proposals.service import ProposalText, create_proposal

        create_proposal(event, ProposalText(title=title, tags=["stem"]), by=proposer)
    db.session.commit()
    join_as(event)
    return event


def proposal_id(title: str) -> int:
    return db.session.query(Proposal).filter_by(title=title).one().id


def test_phone_page_lists_proposals_escaped_with_votes_left(client, phone_event):
    page = client.get(f"/events/{phone_event.slug}/vote")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Genius hour" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html
    assert 'id="votes-left">1</strong>' in html
    assert 'data-tag="stem"' in html


def test_phone_page_sends_strangers_to_the_join_page(app, phone_event):
    response = app.test_client().get(f"/events/{phone_event.slug}/vote")
    assert response.status_code == 302
    assert f"/events/{phone_event.slug}/join" in response.headers["Location"]


def test_vote_form_without_script_toggles_and_shows_the_limit(client, phone_event):
    slug, first = phone_event.slug, proposal_id("Genius hour")
    second = proposal_id("<script>alert(1)</script>")
    client.post(f"/events/{slug}/vote/{first}", data={"action": "vote"})
    assert db.session.query(Vote).count() == 1
    over = client.post(
        f"/events/{slug}/vote/{second}", data={"action": "vote"}, follow_redirects=True
    )
    assert "You have used your 1 vote." in over.get_data(as_text=True)
    client.post(f"/events/{slug}/vote/{first}", data={"action": "unvote"})
    assert db.session.query(Vote).count() == 0


def test_cookie_vote_through_the_api_needs_the_csrf_header(make_app, phone_event):
    slug, code, first = phone_event.slug, phone_event.join_code, proposal_id("Genius hour")
    db.session.commit()  # end this session's read, so the other app may write
    app = make_app(WTF_CSRF_ENABLED=True)
    browser = app.test_client()
    page = browser.get(f"/events/{slug}/join?code={code}")
    token = page.get_data(as_text=True).split('name="csrf-token" content="')[1].split('"')[0]
    joined = browser.post(
        f"/events/{slug}/join",
        data={"code": code, "name": "Sam", "csrf_token": token},
    )
    assert joined.status_code == 302
    url = f"/api/v1/events/{slug}/proposals/{first}/vote"
    refused = browser.post(url)
    assert refused.status_code == 403
    accepted = browser.post(url, headers={"X-CSRFToken": token})
    assert accepted.status_code == 200
    assert accepted.get_json()["votes_left"] == 0
    assert browser.delete(url).status_code == 403  # taking it back needs the header too
    taken_back = browser.delete(url, headers={"X-CSRFToken": token})
    assert taken_back.status_code == 200
    assert taken_back.get_json()["votes_left"] == 1


def test_a_phone_whose_attendee_was_deleted_cannot_vote(client, phone_event):
    # The cookie still names the attendee, who has since had their data deleted.
    from edcamp.models import Attendee, utcnow

    phone = db.session.query(Attendee).filter_by(name="Pat Teacher").one()
    phone.deleted_at = utcnow()
    db.session.commit()
    response = client.post(
        f"/api/v1/events/{phone_event.slug}/proposals/{proposal_id('Genius hour')}/vote"
    )
    assert response.status_code == 401
    db.session.rollback()
    assert db.session.query(Vote).count() == 0


def test_propose_form_validates_and_creates(client, phone_event):
    slug = phone_event.slug
    bad = client.post(f"/events/{slug}/propose", data={"title": "x" * 121, "facilitating": "yes"})
    assert bad.status_code == 422
    assert "120" in bad.get_data(as_text=True)
    good = client.post(
        f"/events/{slug}/propose",
        data={"title": "Escape rooms", "tags": "games, #Math", "facilitating": "no"},
    )
    assert good.status_code == 302
    created = db.session.query(Proposal).filter_by(title="Escape rooms").one()
    assert created.tags == ["games", "Math"]  # as typed
    assert created.is_request
    assert created.facilitators == []


def test_offer_to_lead_a_request_from_the_phone(client, phone_event):
    pid = proposal_id("Genius hour")
    url = f"/events/{phone_event.slug}/proposals/{pid}/facilitate"

    # the first offer asks whether the name may go on the public schedule, and changes nothing
    first = client.post(url)
    assert first.status_code == 200
    assert str(SHOW_NAME_LABEL) in first.get_data(as_text=True)
    assert len(db.session.get(Proposal, pid).facilitators) == 1

    client.post(url, data={"show_name_asked": "1"})
    db.session.expire_all()
    assert len(db.session.get(Proposal, pid).facilitators) == 2


def test_projector_is_for_organizers_and_shows_the_join_code(app, client, phone_event, login):
    stranger = app.test_client().get(f"/events/{phone_event.slug}/board")
    assert stranger.status_code in (302, 401)
    login(phone_event.organizers[0])
    page = client.get(f"/events/{phone_event.slug}/board")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert phone_event.join_code in html
    assert "join.svg" in html
    assert "&lt;script&gt;" in html


def test_moderation_merge_hide_undo_and_schedule(client, phone_event, login):
    slug = phone_event.slug
    login(phone_event.organizers[0])
    first, second = proposal_id("Genius hour"), proposal_id("<script>alert(1)</script>")
    page = client.get(f"/events/{slug}/moderate")
    assert page.status_code == 200
    assert "&lt;script&gt;" in page.get_data(as_text=True)
    client.post(f"/events/{slug}/moderate/{second}/hidden", data={"hidden": "1"})
    assert db.session.get(Proposal, second).hidden
    client.post(f"/events/{slug}/moderate/{second}/hidden", data={"hidden": "0"})
    assert not db.session.get(Proposal, second).hidden
    client.post(f"/events/{slug}/moderate/{second}/merge", data={"into": first})
    merged = db.session.get(Proposal, second)
    assert merged.merged_into_id == first
    from edcamp.models import ProposalMerge

    merge_id = db.session.query(ProposalMerge).one().id
    client.post(f"/events/{slug}/moderate/merges/{merge_id}/undo")
    db.session.expire_all()
    assert db.session.get(Proposal, second).merged_into_id is None
    past = client.post(
        f"/events/{slug}/moderate/voting",
        data={"action": "schedule", "closes_at": "2000-01-01T10:00"},
    )
    assert past.status_code == 422
    future = client.post(
        f"/events/{slug}/moderate/voting",
        data={"action": "schedule", "closes_at": "2099-06-13T11:30"},
    )
    assert future.status_code == 302
    db.session.expire_all()
    assert phone_event.voting_closes_at is not None
    phone = client.get(f"/events/{slug}/vote").get_data(as_text=True)
    assert ">11:30</time>" in phone  # the event's own clock (America/New_York)
    client.post(f"/events/{slug}/moderate/voting", data={"action": "closed"})
    db.session.expire_all()
    assert phone_event.voting == "closed"


def test_moderation_is_only_for_this_events_organizers(client, phone_event, login, make_organizer):
    login(make_organizer())
    assert client.get(f"/events/{phone_event.slug}/moderate").status_code == 403
    pid = proposal_id("Genius hour")
    refused = client.post(f"/events/{phone_event.slug}/moderate/{pid}/hidden", data={"hidden": "1"})
    assert refused.status_code == 403
    assert not db.session.get(Proposal, pid).hidden


def test_proposer_edits_from_the_phone(client, phone_event):
    client.post(
        f"/events/{phone_event.slug}/propose", data={"title": "Mine", "facilitating": "yes"}
    )
    pid = proposal_id("Mine")
    form = client.get(f"/events/{phone_event.slug}/proposals/{pid}/edit")
    assert form.status_code == 200
    client.post(
        f"/events/{phone_event.slug}/proposals/{pid}/edit",
        data={"title": "Mine, better", "description": "", "tags": ""},
    )
    assert db.session.get(Proposal, pid).title == "Mine, better"
    other = proposal_id("Genius hour")
    assert client.get(f"/events/{phone_event.slug}/proposals/{other}/edit").status_code == 403


def test_own_proposals_have_an_edit_link_on_the_phone(client, phone_event):
    client.post(
        f"/events/{phone_event.slug}/propose", data={"title": "Mine", "facilitating": "yes"}
    )
    html = client.get(f"/events/{phone_event.slug}/vote").get_data(as_text=True)
    assert f"/proposals/{proposal_id('Mine')}/edit" in html
    assert f"/proposals/{proposal_id('Genius hour')}/edit" not in html


def test_bad_input_on_pages_gives_messages_not_errors(
    client, phone_event, login, make_event, make_attendee
):
    slug = phone_event.slug
    unknown = client.post(
        f"/events/{slug}/vote/999999", data={"action": "vote"}, follow_redirects=True
    )
    assert unknown.status_code == 200
    assert "no such proposal" in unknown.get_data(as_text=True)
    assert client.post(f"/events/{slug}/proposals/999999/facilitate").status_code == 404
    assert client.get(f"/events/{slug}/proposals/999999/edit").status_code == 404
    assert client.post(f"/events/{slug}/propose", data={"title": ""}).status_code == 422
    other = make_event()
    stranger, _token = make_attendee(other)
    from edcamp.proposals.service import ProposalText, create_proposal

    foreign = create_proposal(other, ProposalText(title="Elsewhere"), by=stranger).id
    db.session.commit()
    assert client.post(f"/events/{slug}/proposals/{foreign}/facilitate").status_code == 404
    login(phone_event.organizers[0])
    merged = client.post(
        f"/events/{slug}/moderate/{proposal_id('Genius hour')}/merge",
        data={"into": foreign},
        follow_redirects=True,
    )
    assert "no such proposal" in merged.get_data(as_text=True)
    assert (
        client.post(f"/events/{slug}/moderate/{foreign}/hidden", data={"hidden": "1"}).status_code
        == 404
    )
    assert client.post(f"/events/{slug}/moderate/voting", data={"action": "x"}).status_code == 400
    undo = client.post(f"/events/{slug}/moderate/merges/999/undo", follow_redirects=True)
    assert "no such merge" in undo.get_data(as_text=True)
    assert db.session.query(Vote).count() == 0


def test_a_vote_on_a_hidden_proposal_can_be_taken_back(client, phone_event):
    pid = proposal_id("Genius hour")
    client.post(f"/events/{phone_event.slug}/vote/{pid}", data={"action": "vote"})
    db.session.get(Proposal, pid).hidden = True
    db.session.commit()
    page = client.get(f"/events/{phone_event.slug}/vote").get_data(as_text=True)
    assert "Your votes on removed proposals" in page
    assert 'id="votes-left">0</strong>' in page
    client.post(f"/events/{phone_event.slug}/vote/{pid}", data={"action": "unvote"})
    assert db.session.query(Vote).count() == 0
    page = client.get(f"/events/{phone_event.slug}/vote").get_data(as_text=True)
    assert "Your votes on removed proposals" not in page
