"""Attendees who come back: confirmed addresses, "send me my link", another device."""

from __future__ import annotations

from datetime import timedelta

import pytest

from edcamp.attendees.comeback import mail_attendee
from edcamp.extensions import db
from edcamp.models import Attendee, OneTimeLink, utcnow
from tests.helpers import bearer, error_code, link_in


def _attendee(attendee_id: int) -> Attendee:
    db.session.expire_all()
    return db.session.get(Attendee, attendee_id)


def _open_page_as(app, path: str):
    device = app.test_client()
    page = device.get(path)
    assert page.status_code == 200, page.get_data(as_text=True)
    assert device.post(path).status_code == 302
    return device


def _is_me(device, event, name: str) -> bool:
    response = device.get(f"/events/{event.slug}/me")
    return response.status_code == 200 and name in response.get_data(as_text=True)


def test_joining_with_an_email_mails_only_its_confirmation_which_also_signs_in(
    app, client, make_event, join_as, smtp_server, deliver
):
    event = make_event()
    join_as(event, "Pat Teacher", email="pat@school.test")
    (attendee,) = db.session.query(Attendee).all()
    assert mail_attendee(attendee, "Follow-up", "Hi", kind="test") is None  # not confirmed
    deliver()
    (mail,) = smtp_server.inbox.to("pat@school.test")
    assert mail["Subject"] == f"Confirm your email for {event.name}"

    laptop = _open_page_as(app, link_in(mail))

    assert _is_me(laptop, event, "Pat Teacher")
    assert _attendee(attendee.id).email_confirmed_at is not None
    assert mail_attendee(_attendee(attendee.id), "Follow-up", "Hi", kind="test") is not None


def _confirmed_attendee(event, make_attendee, email="pat@school.test", name="Pat Teacher"):
    attendee, token = make_attendee(event, name=name, email=email)
    attendee.email_confirmed_at = utcnow()
    db.session.commit()
    return attendee, token


def test_send_me_my_link_answers_202_for_any_address_and_mails_only_the_attendee(
    app, client, make_event, make_attendee, smtp_server, deliver
):
    event, other_event = make_event(), make_event()
    _confirmed_attendee(event, make_attendee)
    _confirmed_attendee(other_event, make_attendee, email="other@school.test")
    deliver()
    smtp_server.inbox.messages.clear()

    answers = [
        client.post(f"/api/v1/events/{event.slug}/attendee-link", json={"email": email})
        for email in ("PAT@school.test", "stranger@school.test", "other@school.test")
    ]
    deliver()

    assert {a.status_code for a in answers} == {202}
    assert len({str(a.get_json()) for a in answers}) == 1
    (mail,) = smtp_server.inbox.messages
    assert mail["To"] == "pat@school.test"
    assert mail["Subject"] == f"Your link to {event.name}"
    laptop = _open_page_as(app, link_in(mail))
    assert _is_me(laptop, event, "Pat Teacher")
    # Single use: the same link a second time signs nobody in.
    assert app.test_client().get(link_in(mail)).status_code == 410


def test_sign_in_link_expires_after_an_hour(
    app, client, make_event, make_attendee, smtp_server, deliver
):
    event = make_event()
    _confirmed_attendee(event, make_attendee)
    client.post(f"/events/{event.slug}/attendee-link", data={"email": "pat@school.test"})
    deliver()
    path = link_in(smtp_server.inbox.messages[-1])
    link = db.session.query(OneTimeLink).filter_by(purpose="attendee_sign_in").one()
    assert timedelta(minutes=59) < link.expires_at - utcnow() <= timedelta(hours=1)
    link.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()

    assert app.test_client().post(path).status_code == 410


def test_sign_in_mails_are_throttled_per_attendee(
    client, make_event, make_attendee, smtp_server, deliver
):
    event = make_event()
    _confirmed_attendee(event, make_attendee)
    deliver()
    smtp_server.inbox.messages.clear()

    for _ in range(6):
        response = client.post(
            f"/api/v1/events/{event.slug}/attendee-link", json={"email": "pat@school.test"}
        )
        assert response.status_code == 202
    deliver()

    # Three an hour, counting the confirmation mailed when they joined.
    assert len(smtp_server.inbox.messages) == 2


def test_link_requests_are_rate_limited_per_address(client, make_event):
    event = make_event()
    codes = [
        client.post(
            f"/api/v1/events/{event.slug}/attendee-link", json={"email": f"x{i}@school.test"}
        ).status_code
        for i in range(12)
    ]
    assert codes[:10] == [202] * 10
    assert codes[-1] == 429


def test_link_of_one_event_does_not_open_another(
    app, client, make_event, make_attendee, smtp_server, deliver
):
    event, other = make_event(), make_event()
    _confirmed_attendee(event, make_attendee)
    client.post(f"/api/v1/events/{event.slug}/attendee-link", json={"email": "pat@school.test"})
    deliver()
    path = link_in(smtp_server.inbox.messages[-1]).replace(event.slug, other.slug)
    assert app.test_client().get(path).status_code == 410


@pytest.mark.parametrize("body", [{}, {"email": 3}, {"email": "y" * 300}])
def test_attendee_link_bad_input_is_422(client, make_event, body):
    response = client.post(f"/api/v1/events/{make_event().slug}/attendee-link", json=body)
    assert response.status_code == 422
    assert error_code(response) == "invalid"


def test_continue_on_another_device_from_the_profile(app, client, make_event, join_as):
    event = make_event()
    join_as(event, "Pat Teacher")

    page = client.post(f"/events/{event.slug}/me/device-link").get_data(as_text=True)

    assert "<svg" in page
    url = page.split('<code class="token">')[1].split("<")[0]
    path = url.removeprefix("https://edcamp.test")
    laptop = _open_page_as(app, path)
    assert _is_me(laptop, event, "Pat Teacher")
    assert app.test_client().get(path).status_code == 410


def test_device_link_lasts_ten_minutes_and_needs_an_attendee(
    app, client, make_event, make_attendee
):
    event = make_event()
    _attendee_row, token = make_attendee(event)
    assert client.post(f"/api/v1/events/{event.slug}/me/device-link").status_code == 401

    response = client.post(f"/api/v1/events/{event.slug}/me/device-link", headers=bearer(token))

    assert response.status_code == 201
    link = db.session.query(OneTimeLink).one()
    assert timedelta(minutes=9) < link.expires_at - utcnow() <= timedelta(minutes=10)
    link.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    path = response.get_json()["url"].removeprefix("https://edcamp.test")
    assert app.test_client().get(path).status_code == 410


def test_changing_the_email_later_needs_its_own_confirmation(
    app, client, make_event, make_attendee, smtp_server, deliver
):
    event = make_event()
    attendee, token = _confirmed_attendee(event, make_attendee)

    response = client.patch(
        f"/api/v1/events/{event.slug}/me", json={"email": "new@school.test"}, headers=bearer(token)
    )
    deliver()

    assert response.status_code == 200
    changed = _attendee(attendee.id)
    assert changed.email == "new@school.test"
    assert changed.email_confirmed_at is None
    assert mail_attendee(changed, "Follow-up", "Hi", kind="test") is None
    (mail,) = smtp_server.inbox.to("new@school.test")
    assert mail["Subject"].startswith("Confirm your email")
    _open_page_as(app, link_in(mail))
    assert _attendee(attendee.id).email_confirmed_at is not None


def test_confirmation_for_a_replaced_address_confirms_nothing(
    app, client, make_event, make_attendee, smtp_server, deliver
):
    event = make_event()
    attendee, token = make_attendee(event, email="first@school.test")
    deliver()
    first_link = link_in(smtp_server.inbox.to("first@school.test")[0])
    client.patch(
        f"/api/v1/events/{event.slug}/me",
        json={"email": "second@school.test"},
        headers=bearer(token),
    )

    assert app.test_client().get(first_link).status_code == 410
    assert _attendee(attendee.id).email_confirmed_at is None


def test_organizers_never_see_an_attendees_address_or_sign_in_link_in_the_outbox(
    client, make_event, make_attendee, login
):
    event = make_event()
    make_attendee(event, email="pat@school.test")
    login(event.organizers[0])

    page = client.get(f"/events/{event.slug}/mail").get_data(as_text=True)

    assert "Confirm your email" in page
    assert "pat@school.test" not in page
    assert "/signin/" not in page
    api = client.get(f"/api/v1/events/{event.slug}/mail").get_data(as_text=True)
    assert "pat@school.test" not in api
