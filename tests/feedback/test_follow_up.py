"""The follow-up mail, against a real SMTP server: each attendee with a confirmed address who
did not opt out gets it once, however often organizers press send."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from edcamp.extensions import db
from edcamp.mail import unsubscribe
from edcamp.models import FollowUpSent, MailOptOut, OutboxMail, utcnow
from tests.feedback.conftest import build_day
from tests.helpers import bearer, error_code

SUBJECT = "After Edcamp Past"


def _follow_ups(smtp_server) -> list:
    return [m for m in smtp_server.inbox.messages if m["Subject"].startswith(SUBJECT)]


def _send(client, day, organizer_token):
    return client.post(
        f"/api/v1/events/{day.event.slug}/follow-up/send",
        headers=bearer(organizer_token(day.organizer)),
    )


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_sending_twice_mails_nobody_twice(client, day, smtp_server, deliver, organizer_token):
    # Cy unsubscribed from this event's mail.
    db.session.add(MailOptOut(email="cy@school.test", list_id=f"event:{day.event.id}"))
    db.session.commit()
    first = _send(client, day, organizer_token)
    assert first.status_code == 202
    assert first.get_json() == {"queued": 2}  # Ann and Bob; Cy opted out, Dee has no email
    deliver()
    assert sorted(m["To"] for m in _follow_ups(smtp_server)) == [
        "ann@school.test",
        "bob@school.test",
    ]

    again = _send(client, day, organizer_token)
    assert (again.status_code, again.get_json()) == (202, {"queued": 0})
    deliver()
    assert len(_follow_ups(smtp_server)) == 2

    # Cy subscribes again; Dee gives and confirms an address: only they get it now.
    db.session.execute(MailOptOut.__table__.delete())
    dee = db.session.get(type(day.dee), day.dee.id)
    dee.email, dee.email_confirmed_at = "dee@school.test", utcnow()
    db.session.commit()
    assert _send(client, day, organizer_token).get_json() == {"queued": 2}
    assert _send(client, day, organizer_token).get_json() == {"queued": 0}
    deliver()
    received = sorted(m["To"] for m in _follow_ups(smtp_server))
    assert received == ["ann@school.test", "bob@school.test", "cy@school.test", "dee@school.test"]
    assert db.session.query(FollowUpSent).count() == 4


def test_the_mail_holds_sessions_people_wall_record_and_a_way_back(
    client, day, smtp_server, deliver, organizer_token
):
    from edcamp.contacts.resources import post_resource

    post_resource(day.ann, "https://example.org/maker-kit", "Maker kit list")
    db.session.commit()
    assert _send(client, day, organizer_token).get_json() == {"queued": 3}
    deliver()
    (to_bob,) = [m for m in _follow_ups(smtp_server) if m["To"] == "bob@school.test"]
    text = _text(to_bob)
    assert "Hello Bob Brooks," in text
    # his sessions: the one he checked into and the one he led, each with notes and page
    assert "Makerspaces (Library)" in text
    assert "Podcasts (Room 1)" in text
    assert f"https://edcamp.test/events/{day.event.slug}/sessions/{day.maker.id}" in text
    # people who chose to be listed, with what they share; never Cy, who did not
    assert "Ann Lee" in text
    assert "@ann@mastodon.social" in text
    assert "Cy Private" not in text
    assert "cy@school.test" not in text
    assert "Maker kit list: https://example.org/maker-kit" in text
    assert to_bob["List-Unsubscribe"]

    record = re.search(r"https://edcamp\.test(/events/[^/]+/records/\S+)", text).group(1)
    assert "Bob Brooks" in client.get(record).text
    sign_in = re.search(r"https://edcamp\.test(/events/[^/]+/signin/\S+)", text).group(1)
    assert client.get(sign_in).status_code == 200
    assert client.post(sign_in).status_code == 302
    assert "Bob Brooks" in client.get(f"/events/{day.event.slug}/me").text
    assert client.post(sign_in).status_code == 410  # it works once

    # The organizers' outbox never shows the body (it holds a sign-in link).
    mail = db.session.scalar(
        select(OutboxMail).where(
            OutboxMail.to_address == "bob@school.test", OutboxMail.kind == "follow_up"
        )
    )
    assert mail.personal is True
    assert mail.to_label == "an attendee"


def test_unsubscribe_link_stops_the_next_follow_up(
    client, day, smtp_server, deliver, organizer_token
):
    token = unsubscribe.make_token("ann@school.test", f"event:{day.event.id}")
    assert client.post(f"/mail/unsubscribe/{token}").status_code < 400
    assert _send(client, day, organizer_token).get_json() == {"queued": 2}
    deliver()
    assert "ann@school.test" not in [m["To"] for m in _follow_ups(smtp_server)]


def test_not_before_the_day_nor_without_a_schedule(
    client, make_organizer, make_event, make_attendee, organizer_token
):
    next_year = datetime.now(UTC).date() + timedelta(days=365)
    future = build_day(make_organizer, make_event, make_attendee, date=next_year)
    answer = _send(client, future, organizer_token)
    assert (answer.status_code, error_code(answer)) == (409, "too_early")
    unpublished = make_event(future.organizer)
    answer = client.post(
        f"/api/v1/events/{unpublished.slug}/follow-up/send",
        headers=bearer(organizer_token(future.organizer)),
    )
    assert (answer.status_code, error_code(answer)) == (409, "not_published")
    assert db.session.query(FollowUpSent).count() == 0


def test_only_the_events_organizers_send(client, day, make_organizer, organizer_token):
    url = f"/api/v1/events/{day.event.slug}/follow-up/send"
    assert client.post(url).status_code == 401
    assert client.post(url, headers=bearer(day.ann_token)).status_code == 401
    stranger = make_organizer()
    assert client.post(url, headers=bearer(organizer_token(stranger))).status_code == 403
    assert (
        client.post(
            "/api/v1/events/nope/follow-up/send", headers=bearer(organizer_token(day.organizer))
        ).status_code
        == 404
    )
    assert db.session.query(FollowUpSent).count() == 0


def test_organizer_page_previews_without_anyones_data_and_sends(client, day, login):
    login(day.organizer)
    page = client.get(f"/events/{day.event.slug}/follow-up").text
    assert "Send to 3 attendees" in page
    assert "Makerspaces" in page  # the real sessions
    for private in ("Ann Lee", "Bob Brooks", "Cy Private", "@ann@", "ann@school", "/signin/"):
        assert private not in page, private
    sent = client.post(f"/events/{day.event.slug}/follow-up/send", follow_redirects=True)
    assert "Follow-up mail queued for 3 attendees" in sent.text
    again = client.post(f"/events/{day.event.slug}/follow-up/send", follow_redirects=True)
    assert "Nobody new to mail" in again.text
    assert db.session.query(FollowUpSent).count() == 3


def test_api_preview_counts(client, day, organizer_token):
    answer = client.get(
        f"/api/v1/events/{day.event.slug}/follow-up", headers=bearer(organizer_token(day.organizer))
    )
    body = answer.get_json()
    assert body["audience"] == {
        "attendees": 4, "to_send": 3, "already_sent": 0, "opted_out": 0, "unconfirmed": 0,
        "no_email": 1,
    }  # fmt: skip
    assert "Bob" not in body["preview"]
    assert "Your sessions" in body["preview"]


def test_two_sends_at_the_same_moment_mail_each_person_once(app, day, organizer_token, monkeypatch):
    """Two organizers (or two workers) press send together: the follow_up_sent key lets
    one queue each mail; the other starts over and finds nobody left."""
    import threading
    import time

    from edcamp.feedback import followup_mail

    slow = followup_mail.compose

    def compose_slowly(*args, **kwargs):
        time.sleep(0.2)  # both sends are mid-way at once
        return slow(*args, **kwargs)

    monkeypatch.setattr(followup_mail, "compose", compose_slowly)
    url = f"/api/v1/events/{day.event.slug}/follow-up/send"
    # Two tokens: one token's row would make the second request wait for the first.
    tokens = [organizer_token(day.organizer), organizer_token(day.organizer)]
    db.session.commit()
    start, answers = threading.Barrier(2), []

    def press_send(token):
        client = app.test_client()
        start.wait()
        answer = client.post(url, headers=bearer(token))
        answers.append((answer.status_code, answer.get_json()))

    threads = [threading.Thread(target=press_send, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(status for status, _ in answers) == [202, 202], answers
    assert sorted(body["queued"] for _, body in answers) == [0, 3]
    db.session.rollback()
    mails = db.session.scalars(select(OutboxMail).where(OutboxMail.kind == "follow_up")).all()
    assert sorted(m.to_address for m in mails) == [
        "ann@school.test",
        "bob@school.test",
        "cy@school.test",
    ]


def test_connections_reach_the_mail_with_only_what_each_chose_to_share(
    client, day, smtp_server, deliver, organizer_token
):
    from edcamp.connections.service import accept, ask

    # Cy lists nothing publicly, but shares her email with Bob; Bob shares his Mastodon.
    asked = ask(day.cy, day.bob.id, kind="collaborate", shares=["email"])
    accept(asked, by=day.bob, shares=["mastodon"])
    ask(day.dee, day.ann.id, shares=[])  # still waiting for Ann's answer
    db.session.commit()
    assert _send(client, day, organizer_token).get_json() == {"queued": 3}
    deliver()
    mails = {m["To"]: _text(m).replace("\r\n", "\n") for m in _follow_ups(smtp_server)}
    bob, cy, ann = mails["bob@school.test"], mails["cy@school.test"], mails["ann@school.test"]
    assert "Your connections\n- Cy Private (" in bob
    assert "Email: cy@school.test" in bob
    assert "Your connections\n- Bob Brooks (" in cy
    assert "Mastodon: @bob@hachyderm.io" in cy
    assert "Cy Private" not in ann
    assert "cy@school.test" not in ann
    assert "1 person asks to connect with you:" in ann
    assert "Dee Noemail" not in ann  # a request shows no name before it is accepted
