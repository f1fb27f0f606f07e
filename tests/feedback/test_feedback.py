"""Feedback on a session: only after it ends, only by the event's attendees, one per person
and changeable; only its facilitators and the organizers read it, without names."""

from __future__ import annotations

from sqlalchemy import func, select

from edcamp.contacts.privacy import delete_attendee
from edcamp.extensions import db
from edcamp.models import SessionFeedback
from tests.contacts.conftest import propose
from tests.feedback.conftest import build_day
from tests.helpers import bearer, error_code, running_now


def _url(day, proposal=None) -> str:
    return f"/api/v1/events/{day.event.slug}/sessions/{(proposal or day.maker).id}/feedback"


def _rows() -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(SessionFeedback))


def test_one_feedback_per_person_per_session_and_it_can_change(client, day):
    first = client.put(
        _url(day), json={"useful": True, "comment": "Great demo"}, headers=bearer(day.bob_token)
    )
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["useful"] is True
    again = client.put(
        _url(day), json={"useful": False, "comment": "On second thought"},
        headers=bearer(day.bob_token),
    )  # fmt: skip
    assert again.status_code == 200
    assert _rows() == 1
    row = db.session.get(SessionFeedback, (day.bob.id, day.maker.id))
    assert (row.useful, row.comment) == (False, "On second thought")

    mine = client.get(f"/api/v1/events/{day.event.slug}/me/feedback", headers=bearer(day.bob_token))
    (given,) = mine.get_json()["feedback"]
    assert (given["session_id"], given["useful"]) == (day.maker.id, False)
    gone = client.delete(_url(day), headers=bearer(day.bob_token))
    assert gone.status_code == 204
    assert _rows() == 0


def test_feedback_opens_only_when_the_session_has_ended(
    client, make_organizer, make_event, make_attendee
):
    now = build_day(make_organizer, make_event, make_attendee, **running_now())
    answer = client.put(_url(now), json={"useful": True}, headers=bearer(now.cy_token))
    assert answer.status_code == 409
    assert error_code(answer) == "feedback_not_open"
    assert "12:00" in answer.get_json()["error"]["message"]  # the slot's end, event time
    assert _rows() == 0


def test_facilitators_do_not_rate_their_own_session(client, day):
    answer = client.put(_url(day), json={"useful": True}, headers=bearer(day.ann_token))
    assert answer.status_code == 409
    assert error_code(answer) == "own_session"
    assert _rows() == 0


def test_only_attendees_of_the_event_give_feedback(
    client, day, make_event, make_attendee, organizer_token
):
    assert client.put(_url(day), json={"useful": True}).status_code == 401
    other_event = make_event(day.organizer)
    _stranger, stranger_token = make_attendee(other_event, "Stranger")
    answer = client.put(_url(day), json={"useful": True}, headers=bearer(stranger_token))
    assert answer.status_code == 401
    as_organizer = client.put(
        _url(day), json={"useful": True}, headers=bearer(organizer_token(day.organizer))
    )
    assert as_organizer.status_code == 401
    assert _rows() == 0


def test_unscheduled_and_unknown_sessions(client, day):
    unscheduled = propose(day.event, day.dee, "Not on the grid")
    answer = client.put(_url(day, unscheduled), json={"useful": True}, headers=bearer(day.cy_token))
    assert (answer.status_code, error_code(answer)) == (409, "not_scheduled")
    for bad in (0, 999999, 2**40):
        url = f"/api/v1/events/{day.event.slug}/sessions/{bad}/feedback"
        assert (
            client.put(url, json={"useful": True}, headers=bearer(day.cy_token)).status_code == 404
        )
    assert _rows() == 0


def test_bad_input_is_a_clear_4xx_and_leaves_nothing(client, day):
    headers = bearer(day.cy_token)
    cases = [
        ({}, 422, "useful"),
        ({"useful": "yes"}, 422, "useful"),
        ({"useful": 1}, 422, "useful"),
        ({"useful": True, "comment": 5}, 422, "comment"),
        ({"useful": True, "comment": "x" * 1001}, 422, "comment"),
        ({"useful": True, "stars": 5}, 422, "stars"),
    ]
    for body, status, word in cases:
        answer = client.put(_url(day), json=body, headers=headers)
        assert answer.status_code == status, (body, answer.get_json())
        assert word in answer.get_json()["error"]["message"], body
    not_json = client.put(_url(day), data="useful", headers=headers, content_type="text/plain")
    assert not_json.status_code == 400
    assert _rows() == 0


def test_comment_is_cleaned_and_shown_as_text(client, day, login):
    comment = "<script>alert(1)</script>\x07 Nice\r\n\r\n\r\n\r\nThanks"
    answer = client.put(
        _url(day), json={"useful": True, "comment": comment}, headers=bearer(day.cy_token)
    )
    assert answer.status_code == 200
    assert answer.get_json()["comment"] == "<script>alert(1)</script> Nice\n\nThanks"
    login(day.organizer)
    page = client.get(f"/events/{day.event.slug}/sessions/{day.maker.id}/feedback").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page


def test_facilitators_and_organizers_read_it_without_names(client, day, organizer_token):
    for token, useful, comment in [
        (day.bob_token, True, "Loved the robots"),
        (day.cy_token, False, "Too basic for me"),
    ]:
        client.put(_url(day), json={"useful": useful, "comment": comment}, headers=bearer(token))

    as_ann = client.get(_url(day), headers=bearer(day.ann_token))
    assert as_ann.status_code == 200
    body = as_ann.get_json()
    assert (body["useful"], body["not_for_me"]) == (1, 1)
    assert sorted(c["comment"] for c in body["comments"]) == [
        "Loved the robots",
        "Too basic for me",
    ]
    assert "Bob" not in as_ann.text
    assert "Cy" not in as_ann.text
    assert str(day.bob.id) not in str([c for c in body["comments"]])

    # Bob leads Podcasts, not Makerspaces: he may not read Makerspaces' feedback.
    as_bob = client.get(_url(day), headers=bearer(day.bob_token))
    assert (as_bob.status_code, error_code(as_bob)) == (403, "not_your_session")
    assert client.get(_url(day), headers=bearer(day.cy_token)).status_code == 403
    assert client.get(_url(day)).status_code == 401
    as_organizer = client.get(_url(day), headers=bearer(organizer_token(day.organizer)))
    assert as_organizer.get_json()["useful"] == 1


def test_a_foreign_organizer_reads_nothing(client, day, make_organizer, organizer_token):
    client.put(_url(day), json={"useful": True, "comment": "secret"}, headers=bearer(day.cy_token))
    stranger = make_organizer()
    answer = client.get(_url(day), headers=bearer(organizer_token(stranger)))
    assert answer.status_code == 403
    assert "secret" not in answer.text


def test_erasure_removes_what_they_wrote(client, day):
    client.put(_url(day), json={"useful": True, "comment": "mine"}, headers=bearer(day.cy_token))
    assert _rows() == 1
    delete_attendee(db.session.get(type(day.cy), day.cy.id))
    db.session.commit()
    assert _rows() == 0
    body = client.get(_url(day), headers=bearer(day.ann_token)).get_json()
    assert body["comments"] == []
    assert body["useful"] == 0


def test_page_form_one_tap_then_change(client, day):
    with client.session_transaction() as session:
        session["attendees"] = {str(day.event.id): day.cy.id}
    page_url = f"/events/{day.event.slug}/sessions/{day.maker.id}"
    page = client.get(page_url).text
    assert "Was it useful?" in page
    assert "Not for me" in page

    post_url = page_url + "/feedback"
    answer = client.post(post_url, data={"useful": "yes", "comment": "Good one"})
    assert answer.status_code == 302
    assert answer.location.endswith("#feedback")
    page = client.get(page_url).text
    assert "You said: <strong>Useful</strong>" in page
    assert "Good one" in page  # the comment stays in its box, to edit

    partial = client.post(
        post_url, data={"useful": "no", "comment": "Good one"}, headers={"HX-Request": "true"}
    )
    assert partial.status_code == 200
    assert "You said: <strong>Not for me</strong>" in partial.text
    assert "<html" not in partial.text
    assert _rows() == 1

    # htmx swaps in 2xx answers only: a refusal is a 200 whose box says why
    wrong = client.post(post_url, data={"useful": "maybe"}, headers={"HX-Request": "true"})
    assert wrong.status_code == 200
    assert "Tap “Useful” or “Not for me”" in wrong.text
    too_long = client.post(
        post_url, data={"useful": "yes", "comment": "x" * 1001}, headers={"HX-Request": "true"}
    )
    assert too_long.status_code == 200
    assert "at most 1000 characters" in too_long.text
    db.session.rollback()
    assert db.session.get(SessionFeedback, (day.cy.id, day.maker.id)).useful is False

    removed = client.post(post_url, data={"withdraw": "1"}, headers={"HX-Request": "true"})
    assert removed.status_code == 200
    assert "You said" not in removed.text
    assert "Remove my feedback" not in removed.text
    assert _rows() == 0


def test_page_tells_facilitators_where_to_read_it(client, day, login):
    with client.session_transaction() as session:
        session["attendees"] = {str(day.event.id): day.ann.id}
    page = client.get(f"/events/{day.event.slug}/sessions/{day.maker.id}").text
    assert "You led this session" in page
    client.put(_url(day), json={"useful": True, "comment": "Fab"}, headers=bearer(day.bob_token))
    read = client.get(f"/events/{day.event.slug}/sessions/{day.maker.id}/feedback")
    assert read.status_code == 200
    assert "Fab" in read.text
    assert "Bob" not in read.text
    other = client.get(f"/events/{day.event.slug}/sessions/{day.podcasts.id}/feedback")
    assert other.status_code == 403
    follow_up = client.get(f"/events/{day.event.slug}/me/follow-up").text
    assert "Feedback on the sessions you led" in follow_up
    assert f"/sessions/{day.maker.id}/feedback" in follow_up
    assert f"/sessions/{day.podcasts.id}/feedback" not in follow_up


def test_feedback_not_yet_says_when(client, make_organizer, make_event, make_attendee):
    now = build_day(make_organizer, make_event, make_attendee, **running_now())
    with client.session_transaction() as session:
        session["attendees"] = {str(now.event.id): now.cy.id}
    page = client.get(f"/events/{now.event.slug}/sessions/{now.maker.id}").text
    assert "once it ends, at 12:00" in page
    answer = client.post(
        f"/events/{now.event.slug}/sessions/{now.maker.id}/feedback",
        data={"useful": "yes"},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert "Feedback opens when this session ends, at 12:00." in answer.text
    assert 'role="alert"' in answer.text
    plain = client.post(
        f"/events/{now.event.slug}/sessions/{now.maker.id}/feedback", data={"useful": "yes"}
    )
    assert plain.status_code == 302
    assert "Feedback opens when" in client.get(plain.location).text  # flashed on the page
    assert _rows() == 0


def test_organizers_find_each_sessions_feedback_from_its_page_and_the_report(client, day, login):
    client.put(_url(day), json={"useful": True, "comment": "Fab"}, headers=bearer(day.bob_token))
    login(day.organizer)
    page = client.get(f"/events/{day.event.slug}/sessions/{day.maker.id}").text
    assert f'href="/events/{day.event.slug}/sessions/{day.maker.id}/feedback"' in page
    assert "Was it useful?" not in page  # organizers read it; attendees give it
    read = client.get(f"/events/{day.event.slug}/sessions/{day.maker.id}/feedback").text
    assert "Fab" in read
    assert "Bob" not in read
