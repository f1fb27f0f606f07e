"""The outbox and its sender, against a real SMTP server (aiosmtpd) started by the fixtures."""

from __future__ import annotations

import ssl
import time
from datetime import timedelta

import pytest
import trustme
from sqlalchemy import select

from edcamp.extensions import db
from edcamp.mail import queue_mail
from edcamp.mail.settings import parse_mail_url
from edcamp.models import OutboxMail, utcnow
from tests.smtp_server import SmtpServer


def _queue(n: int = 1, **kw) -> list[int]:
    mails = [
        queue_mail(f"reader{i}@school.test", f"Hello {i}", f"Body {i}", kind="test", **kw)
        for i in range(n)
    ]
    db.session.commit()
    return [m.id for m in mails]


def _mail(mail_id: int) -> OutboxMail:
    db.session.expire_all()
    return db.session.get(OutboxMail, mail_id)


def test_queued_mail_is_delivered_once_with_text_html_and_message_id(app, smtp_server, deliver):
    (mail_id,) = _queue()

    assert deliver() == 1
    assert deliver() == 0  # nothing left: a second run sends nothing twice

    (message,) = smtp_server.inbox.messages
    assert message["To"] == "reader0@school.test"
    assert message["From"] == "Edcamp Test <edcamp@edcamp.test>"
    assert message["Subject"] == "Hello 0"
    assert message["Message-ID"] == _mail(mail_id).message_id
    assert message["Message-ID"].endswith("@edcamp.test>")
    assert message.get_body(("plain",)).get_content().strip() == "Body 0"
    assert "<p>Body 0</p>" in message.get_body(("html",)).get_content()
    assert message["List-Unsubscribe"] is None  # a direct answer carries no unsubscribe
    assert _mail(mail_id).status == "sent"
    assert _mail(mail_id).sent_at is not None


def test_mail_rolled_back_with_its_change_is_never_sent(app, smtp_server, deliver):
    queue_mail("reader@school.test", "Never", "This change failed", kind="test")
    db.session.rollback()

    assert deliver() == 0
    assert smtp_server.inbox.messages == []
    assert db.session.scalar(select(OutboxMail.id)) is None


def test_server_down_delays_mail_and_it_arrives_once_when_back(app, monkeypatch, deliver):
    monkeypatch.setitem(app.config, "MAIL_RETRY_BASE_S", 0.3)
    server = SmtpServer()  # not started: connection refused
    monkeypatch.setitem(app.config, "MAIL_URL", server.url())
    ids = _queue(3)

    assert deliver() == 3
    for mail_id in ids:
        mail = _mail(mail_id)
        assert (mail.status, mail.attempts) == ("queued", 1)
        assert "connect" in mail.last_error
    assert deliver() == 0  # backing off: not due yet

    server.start()
    try:
        time.sleep(0.35)
        assert deliver() == 3
        assert sorted(m["To"] for m in server.inbox.messages) == [
            "reader0@school.test",
            "reader1@school.test",
            "reader2@school.test",
        ]
        assert [_mail(i).status for i in ids] == ["sent"] * 3
        assert _mail(ids[0]).attempts == 2
    finally:
        server.stop()


def test_server_dying_mid_send_loses_nothing(app, smtp_server, monkeypatch, deliver):
    monkeypatch.setitem(app.config, "MAIL_RETRY_BASE_S", 0.2)
    ids = _queue(4)
    smtp_server.inbox.messages.clear()
    smtp_server.inbox.drop_next = 1  # the connection breaks during the first mail's DATA

    deliver()
    assert smtp_server.inbox.messages == []
    assert {_mail(i).status for i in ids} == {"queued"}
    time.sleep(0.25)
    deliver()

    assert sorted(m["Subject"] for m in smtp_server.inbox.messages) == [
        f"Hello {i}" for i in range(4)
    ]


def _time_passes(mail_id: int) -> None:
    """Make a backing-off mail due now, as if its wait were over."""
    db.session.execute(
        OutboxMail.__table__.update()
        .where(OutboxMail.id == mail_id)
        .values(next_attempt_at=utcnow() - timedelta(seconds=1))
    )
    db.session.commit()


def test_refused_mail_backs_off_exponentially_then_is_kept_as_failed(
    app, smtp_server, monkeypatch, deliver
):
    monkeypatch.setitem(app.config, "MAIL_RETRY_BASE_S", 10)
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 4)
    (mail_id,) = _queue()
    smtp_server.inbox.refuse_next = 99

    waits = []
    for _ in range(3):
        tried_at = utcnow()
        deliver()
        waits.append(round((_mail(mail_id).next_attempt_at - tried_at).total_seconds()))
        _time_passes(mail_id)
    deliver()

    assert waits == [10, 20, 40]
    mail = _mail(mail_id)
    assert (mail.status, mail.attempts, mail.next_attempt_at) == ("failed", 4, None)
    assert "451" in mail.last_error
    assert smtp_server.inbox.messages == []


def test_failed_mail_sent_again_by_an_organizer_arrives(
    app, smtp_server, monkeypatch, deliver, make_event, login, client
):
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 1)
    event = make_event()
    (mail_id,) = _queue(event=event)
    smtp_server.inbox.refuse_next = 1
    deliver()
    assert _mail(mail_id).status == "failed"

    login(event.organizers[0])
    page = client.get(f"/events/{event.slug}/mail").get_data(as_text=True)
    assert "Failed" in page
    assert "Gave up after 1 attempt:" in page
    assert "451" in page
    client.post(f"/events/{event.slug}/mail/{mail_id}/retry")
    deliver()

    assert _mail(mail_id).status == "sent"
    assert [m["Subject"] for m in smtp_server.inbox.messages] == ["Hello 0"]


@pytest.mark.parametrize("scheme", ["smtps", "smtp+starttls"])
def test_tls_and_login(app, monkeypatch, deliver, tmp_path, scheme):
    authority = trustme.CA()
    cert = authority.issue_cert("127.0.0.1")
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    cert.configure_cert(server_context)
    ca_file = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    server = SmtpServer(auth=("mailer", "s3cr3t pass"), tls_context=server_context)
    implicit = scheme == "smtps"
    server.start(implicit_tls=implicit)
    monkeypatch.setitem(app.config, "MAIL_URL", server.url(scheme, "mailer:s3cr3t%20pass@"))
    monkeypatch.setitem(app.config, "MAIL_CA_FILE", str(ca_file))
    try:
        (mail_id,) = _queue()
        deliver()
        assert _mail(mail_id).status == "sent", _mail(mail_id).last_error
        assert [m["Subject"] for m in server.inbox.messages] == ["Hello 0"]
    finally:
        server.stop()


def test_wrong_login_keeps_the_mail_queued(app, monkeypatch, deliver):
    server = SmtpServer(auth=("mailer", "right")).start()
    monkeypatch.setitem(app.config, "MAIL_URL", server.url("smtp", "mailer:wrong@"))
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT_S", 1.0)
    try:
        (mail_id,) = _queue()
        deliver()
        mail = _mail(mail_id)
        assert (mail.status, mail.attempts) == ("queued", 1)
        assert mail.last_error
        assert server.inbox.messages == []
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example:2525", ("mail.example", 2525, "plain", None, None)),
        ("smtps://u%40x:p%3Aw@mail.example", ("mail.example", 465, "tls", "u@x", "p:w")),
        ("smtp+starttls://me:pw@mail.example", ("mail.example", 587, "starttls", "me", "pw")),
    ],
)
def test_mail_url_forms(url, expected):
    settings = parse_mail_url(url)
    assert (
        settings.host,
        settings.port,
        settings.security,
        settings.username,
        settings.password,
    ) == expected


@pytest.mark.parametrize("url", ["http://mail.example", "smtp://", "mail.example:25"])
def test_mail_url_that_is_not_smtp_is_refused(url):
    with pytest.raises(ValueError, match="MAIL_URL"):
        parse_mail_url(url)


def test_send_mail_command_delivers_the_outbox(app, runner, smtp_server):
    _queue(3)

    result = runner.invoke(args=["send-mail"])

    assert result.exit_code == 0, result.output
    assert "Tried 3 mail(s)." in result.output
    assert len(smtp_server.inbox.messages) == 3


def test_send_mail_command_without_mail_url_says_so(app, runner):
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code != 0
    assert "MAIL_URL is not set" in result.output
