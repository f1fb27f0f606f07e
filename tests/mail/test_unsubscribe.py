"""One-click unsubscribe (RFC 8058) and the outbox without MAIL_URL."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from edcamp.extensions import db
from edcamp.mail import queue_mail
from edcamp.models import OutboxMail


def test_unasked_mail_carries_one_click_unsubscribe_that_works(app, client, smtp_server, deliver):
    queue_mail("pat@school.test", "News", "Hello", kind="test", list_id="event:7")
    db.session.commit()
    deliver()
    (message,) = smtp_server.inbox.messages
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message["List-Unsubscribe"].strip("<>")
    assert url.startswith("https://edcamp.test/mail/unsubscribe/")

    # A mail scanner opening the link unsubscribes nobody.
    page = client.get(urlsplit(url).path)
    assert "Stop mail like this to pat@school.test?" in page.get_data(as_text=True)
    assert queue_mail("pat@school.test", "More", "Hi", kind="test", list_id="event:7")
    db.session.rollback()

    # What a mail client sends for RFC 8058, without any CSRF token.
    response = client.post(urlsplit(url).path, data={"List-Unsubscribe": "One-Click"})
    assert "You are unsubscribed" in response.get_data(as_text=True)
    client.post(urlsplit(url).path, data={"List-Unsubscribe": "One-Click"})  # repeat: no-op

    assert queue_mail("pat@school.test", "More", "Hi", kind="test", list_id="event:7") is None
    assert queue_mail("pat@school.test", "Other", "Hi", kind="test", list_id="event:8")
    assert queue_mail("pat@school.test", "Reset", "Your link", kind="test")  # asked for


def test_forged_unsubscribe_link_is_a_404(client):
    assert client.post("/mail/unsubscribe/not-a-token").status_code == 404


def test_without_mail_url_mail_stays_in_outbox_and_the_log(
    app, client, make_event, login, caplog, deliver
):
    event = make_event()
    with caplog.at_level(logging.WARNING, logger="edcamp.mail"):
        queue_mail("pat@school.test", "Your session", "It starts at 9.", kind="test", event=event)
        db.session.commit()
    assert deliver() == 0
    assert "To: pat@school.test" in caplog.text
    assert "It starts at 9." in caplog.text

    login(event.organizers[0])
    page = client.get(f"/events/{event.slug}/mail").get_data(as_text=True)
    assert "Mail is not configured on this server." in page
    assert "Your session" in page
    assert "Queued" in page
    mail = db.session.query(OutboxMail).one()
    assert mail.status == "queued"
    api = client.get(f"/api/v1/events/{event.slug}/mail").get_json()
    assert api["configured"] is False
    assert api["mails"][0]["status"] == "queued"


def test_outbox_page_is_for_the_events_organizers_only(client, make_event, make_organizer, login):
    event = make_event()
    login(make_organizer())
    assert client.get(f"/events/{event.slug}/mail").status_code == 403
    assert client.get(f"/api/v1/events/{event.slug}/mail").status_code == 403
